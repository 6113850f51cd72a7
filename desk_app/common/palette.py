"""The colours a printed report shares with the screens, as hex strings (no Qt, no reportlab).

The GUI's theme (`desk_app.ui.theme`) and the day report's PDF both take them from here,
so a chart on the dashboard and the same chart on paper look alike.
"""

from __future__ import annotations

ACCENT = "#1f5f99"  # the first series of a chart: arrivals, open work, SLA rate
ACCENT_2 = "#e39b27"  # the second series: the usual day, requests received
LATE = "#b3261e"  # overdue work, short hours, errors
GRID = "#b8c2cc"  # table rules on paper
HEADER_BACKGROUND = "#e8eef4"  # table header rows on paper
