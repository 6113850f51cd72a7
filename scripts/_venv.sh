# Sourced by scripts/run and scripts/test: create .venv and install Loket into it.
# Needs only Python 3.11+; everything else comes from the package registries.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

PYTHON="${PYTHON:-}"
if [ -z "$PYTHON" ]; then
  for candidate in python3.11 python3.12 python3.13 python3; do
    if command -v "$candidate" >/dev/null 2>&1; then PYTHON="$candidate"; break; fi
  done
fi
"$PYTHON" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Loket needs Python 3.11 or newer")'

if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
# Reinstall only when the dependencies changed.
stamp=".venv/.loket-installed"
want="$(sha256sum pyproject.toml | cut -d' ' -f1)"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  .venv/bin/python -m pip install --quiet --upgrade pip
  .venv/bin/python -m pip install --quiet -e ".[test]"
  echo "$want" > "$stamp"
fi

# Qt needs a few system libraries even offscreen; install them where we may (root + apt).
if ! QT_QPA_PLATFORM=offscreen .venv/bin/python -c \
     'from PySide6.QtWidgets import QApplication; QApplication([])' >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libegl1 libgl1 libxkbcommon0 \
      libfontconfig1 libdbus-1-3 libglib2.0-0 >/dev/null
  else
    echo "Qt cannot start: install libegl1 libgl1 libxkbcommon0 libfontconfig1 libdbus-1-3" >&2
  fi
fi

# The suite also runs under libfaketime (Debian's faketime) at hostile moments.
if ! command -v faketime >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq faketime >/dev/null
  else
    echo "faketime is missing: install Debian's faketime package" >&2
  fi
fi

# A real X server for the test that opens the window at 1366x768 (Debian's xvfb), and the
# libraries PySide6's X11 plugin needs; without root, desk-app names what is missing itself.
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  xcb_wanted="xvfb libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 \
    libxcb-render-util0 libxcb-xkb1 libxkbcommon-x11-0 libxcb-randr0 libxcb-shape0"
  # shellcheck disable=SC2086
  if ! dpkg -s $xcb_wanted >/dev/null 2>&1; then
    apt-get update -qq
    # shellcheck disable=SC2086
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $xcb_wanted >/dev/null
  fi
fi

# The printing tests print through a real CUPS queue into cups-pdf's output, then read the
# PDF back (pdftoppm from poppler-utils, zbarimg from zbar-tools). Only root installs them;
# tests/ui/test_cups_printing.py skips when not root and fails loudly when setup fails.
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  cups_wanted="cups cups-client cups-pdf poppler-utils zbar-tools"
  # shellcheck disable=SC2086
  if ! dpkg -s $cups_wanted >/dev/null 2>&1; then
    apt-get update -qq
    # shellcheck disable=SC2086
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
      $cups_wanted >/dev/null
  fi
  # No init system in a container: start the daemon ourselves (it forks into the background).
  if command -v cupsd >/dev/null 2>&1 \
     && [ "$(LC_ALL=C lpstat -r 2>/dev/null)" != "scheduler is running" ]; then
    cupsd >/dev/null 2>&1 || echo "cupsd did not start" >&2
  fi
fi

# The dashboard test renders the city's pages in headless Chromium (Debian's chromium).
# Only root installs it; tests/central/test_dashboard.py skips when not root and fails as
# root when chromium is missing.
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  if ! dpkg -s chromium >/dev/null 2>&1; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  fi
fi
