"""The message catalogue: every error the code raises is declared there, in both languages."""

from __future__ import annotations

import ast
import pickle
import string
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

import desk_app
from desk_app.closing import backup, dayclose
from desk_app.common.errors import AuthError, DeskError, PermissionDenied, ValidationError
from desk_app.common.messages import (
    CATALOGUE,
    EN,
    ID,
    Message,
    MessageParamsError,
    Text,
    placeholders,
    render,
)
from desk_app.common.validation import validate_nik
from desk_app.office import officers
from tests.conftest import OFFICER_NIP, Office
from tests.helpers import MORNING

PACKAGE = Path(desk_app.__file__).resolve().parent
MESSAGES_MODULE = PACKAGE / "common" / "messages.py"
PLUMBING = ("messages.py", "errors.py")  # the catalogue itself and the errors that render it


# --- (a) every raise uses a literal key of the catalogue -----------------------------------


def _modules() -> list[tuple[Path, ast.Module]]:
    return [
        (path, ast.parse(path.read_text(encoding="utf-8"), filename=str(path)))
        for path in sorted(PACKAGE.rglob("*.py"))
    ]


def _base_names(node: ast.ClassDef) -> set[str]:
    names = set()
    for base in node.bases:
        if isinstance(base, ast.Name):
            names.add(base.id)
        elif isinstance(base, ast.Attribute):
            names.add(base.attr)
    return names


@dataclass(frozen=True)
class ErrorClass:
    """How a DeskError subclass takes its key: its position, and whether **params pass on."""

    key_index: int
    forwards_params: bool


def _error_classes(modules: list[tuple[Path, ast.Module]]) -> dict[str, ErrorClass]:
    """DeskError and every subclass defined anywhere in desk_app, by class name."""
    classes = [
        node for _, tree in modules for node in ast.walk(tree) if isinstance(node, ast.ClassDef)
    ]
    found = {
        "DeskError": ErrorClass(key_index=0, forwards_params=True),
        "ValidationError": ErrorClass(key_index=1, forwards_params=True),
    }
    changed = True
    while changed:
        changed = False
        for node in classes:
            if node.name in found:
                continue
            parents = [found[name] for name in _base_names(node) if name in found]
            if not parents:
                continue
            own_init = any(
                isinstance(item, ast.FunctionDef) and item.name == "__init__" for item in node.body
            )
            found[node.name] = ErrorClass(
                key_index=parents[0].key_index,
                forwards_params=parents[0].forwards_params and not own_init,
            )
            changed = True
    return found


def _called_name(call: ast.Call) -> str | None:
    if isinstance(call.func, ast.Name):
        return call.func.id
    if isinstance(call.func, ast.Attribute):
        return call.func.attr
    return None


@dataclass(frozen=True)
class Use:
    """One place a message key is used."""

    where: str
    key: ast.expr | None
    params: set[str] | None  # the parameter names given, when they can be read statically


def _literal_keys(node: ast.expr | None) -> set[str] | None:
    if isinstance(node, ast.Dict) and all(
        isinstance(k, ast.Constant) and isinstance(k.value, str) for k in node.keys
    ):
        return {k.value for k in node.keys if isinstance(k, ast.Constant)}
    return None


def _catalogue_functions(tree: ast.Module) -> tuple[dict[str, str], set[str]]:
    """Names bound to messages.Text / messages.render, and names bound to the module."""
    functions, modules = {}, set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module == "desk_app.common.messages":
            for alias in node.names:
                if alias.name in ("Text", "render"):
                    functions[alias.asname or alias.name] = alias.name
        elif isinstance(node, ast.ImportFrom) and node.module == "desk_app.common":
            modules |= {a.asname or a.name for a in node.names if a.name == "messages"}
    return functions, modules


def _catalogue_function(call: ast.Call, functions: dict[str, str], modules: set[str]) -> str:
    if isinstance(call.func, ast.Name):
        return functions.get(call.func.id, "")
    if (
        isinstance(call.func, ast.Attribute)
        and isinstance(call.func.value, ast.Name)
        and call.func.value.id in modules
    ):
        return call.func.attr
    return ""


def _uses() -> Iterator[Use]:
    modules = _modules()
    errors = _error_classes(modules)
    for path, tree in modules:
        if path.parent == PACKAGE / "common" and path.name in PLUMBING:
            continue
        functions, aliases = _catalogue_functions(tree)
        for call in (n for n in ast.walk(tree) if isinstance(n, ast.Call)):
            name = _called_name(call)
            where = f"{path.relative_to(PACKAGE.parent)}:{call.lineno}"
            function = _catalogue_function(call, functions, aliases)
            if function in ("Text", "render"):
                index = 1 if function == "Text" else 2
                key = call.args[0] if call.args else None
                params = call.args[index] if len(call.args) > index else None
                yield Use(where, key, set() if params is None else _literal_keys(params))
            elif name in errors:
                info = errors[name]
                key = call.args[info.key_index] if len(call.args) > info.key_index else None
                statically_known = info.forwards_params and all(k.arg for k in call.keywords)
                given = {k.arg for k in call.keywords if k.arg} if statically_known else None
                yield Use(where, key, given)


def _problems(uses: list[Use]) -> list[str]:
    problems = []
    for use in uses:
        if not (isinstance(use.key, ast.Constant) and isinstance(use.key.value, str)):
            problems.append(f"{use.where}: the key is not a string literal")
        elif use.key.value not in CATALOGUE:
            problems.append(f"{use.where}: {use.key.value!r} is not in the catalogue")
        elif use.params is not None and use.params != CATALOGUE[use.key.value].placeholders:
            wanted = sorted(CATALOGUE[use.key.value].placeholders)
            problems.append(
                f"{use.where}: {use.key.value!r} takes {wanted}, not {sorted(use.params)}"
            )
    return problems


def test_every_error_raised_uses_a_catalogue_key() -> None:
    uses = list(_uses())
    assert len(uses) > 80  # the walk really found the raise sites
    assert _problems(uses) == []


def test_the_scan_catches_an_f_string_an_unknown_key_and_wrong_parameters(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bad = tmp_path / "desk_app"
    bad.mkdir()
    (bad / "errors.py").write_text(
        "class DeskError(Exception): ...\n"
        "class ValidationError(DeskError): ...\n"
        "class Refused(DeskError): ...\n"
    )
    (bad / "use.py").write_text(
        "def f(n):\n"
        "    raise ValidationError('nik', f'NIK harus 16 digit, bukan {n}.')\n"
        "def g():\n"
        "    raise Refused('no.such.key')\n"
        "def h(n):\n"
        "    raise ValidationError('nik', 'nik.length', size=n)\n"
        "def i(n):\n"
        "    raise ValidationError('nik', 'nik.length', length=n)\n"
    )
    monkeypatch.setitem(globals(), "PACKAGE", bad)
    assert _problems(list(_uses())) == [
        "desk_app/use.py:2: the key is not a string literal",
        "desk_app/use.py:4: 'no.such.key' is not in the catalogue",
        "desk_app/use.py:6: 'nik.length' takes ['length'], not ['size']",
    ]


def test_every_catalogue_entry_is_used() -> None:
    literals = {
        node.value
        for path, tree in _modules()
        if path != MESSAGES_MODULE
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
    }
    assert sorted(set(CATALOGUE) - literals) == []


# --- (b) both languages, same placeholders ---------------------------------------------------


@pytest.mark.parametrize("message", list(CATALOGUE.values()), ids=list(CATALOGUE))
def test_every_message_has_both_languages_with_the_same_placeholders(message: Message) -> None:
    assert message.id.strip() and message.en.strip()
    assert message.id != message.key
    assert placeholders(message.id) == placeholders(message.en)
    for template in (message.id, message.en):
        for _, name, spec, conversion in string.Formatter().parse(template):
            if name is not None:  # plain {name}: formatting belongs to the raiser
                assert name.isidentifier() and not spec and conversion is None, template


def test_keys_are_stable_dotted_names() -> None:
    for key, message in CATALOGUE.items():
        assert message.key == key
        assert all(part.isidentifier() and part.islower() for part in key.split(".")), key


# --- (c) rendering fails loudly -------------------------------------------------------------


def test_rendering_with_missing_or_unexpected_parameters_fails() -> None:
    assert render("nik.length", EN, {"length": 12}) == "A NIK has 16 digits, not 12."
    with pytest.raises(MessageParamsError, match="length"):
        render("nik.length", ID, {})
    with pytest.raises(MessageParamsError, match="size"):
        render("nik.length", ID, {"length": 12, "size": 3})
    with pytest.raises(KeyError):
        render("no.such.key", ID, {})
    with pytest.raises(MessageParamsError):
        ValidationError("nik", "nik.length")  # fails where it is raised, not on screen
    with pytest.raises(KeyError):
        DeskError("Berkas X tidak ditemukan.")


def test_an_error_keeps_its_key_parameters_and_indonesian_text() -> None:
    exc = ValidationError("nik", "nik.length", length=12)
    assert (exc.key, exc.params, exc.field) == ("nik.length", {"length": 12}, "nik")
    assert exc.message == "NIK harus 16 digit, bukan 12."
    assert str(exc) == "nik: NIK harus 16 digit, bukan 12."
    assert exc.text(EN) == "A NIK has 16 digits, not 12."
    assert exc.text("fr") == exc.message  # an unknown language falls back to Indonesian
    copy = pickle.loads(pickle.dumps(exc))
    assert (type(copy), str(copy), copy.key, copy.params, copy.field) == (
        ValidationError,
        str(exc),
        exc.key,
        exc.params,
        exc.field,
    )


# --- (d) real use cases, in English ----------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "english"),
    [
        ("317408120590", "A NIK has 16 digits, not 12."),
        ("9974081205900003", "Province code 99 in the NIK is unknown."),
        ("3174081302990000", "The serial number of a NIK cannot be 0000."),
        ("3174083202990003", "The birth date in the NIK (32-02-99) is not valid."),
    ],
)
def test_a_bad_nik_in_english(raw: str, english: str) -> None:
    with pytest.raises(ValidationError) as caught:
        validate_nik(raw, today=date(2026, 11, 25))
    assert caught.value.field == "nik"
    assert caught.value.text(EN) == english


def test_wrong_pin_and_role_in_english(desk: Office) -> None:
    with desk.db.write() as session:
        result = officers.authenticate(session, nip=OFFICER_NIP, pin="135792", now=MORNING)
    with pytest.raises(AuthError) as wrong:
        result.raise_for_failure()
    assert str(wrong.value) == "NIP atau PIN salah. Sisa percobaan: 4."
    assert wrong.value.text(EN) == "Wrong NIP or PIN. Attempts left: 4."
    with desk.db.read() as session, pytest.raises(PermissionDenied) as refused:
        officers.require_role(session, officer_id=desk.officer.id, roles=officers.LEAD_ROLES)
    assert (
        refused.value.text(EN) == "Only the lead/admin role may do this; Dewi Lestari is officer."
    )


def test_nested_messages_render_in_the_same_language(tmp_path: Path) -> None:
    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(b"not a database at all" * 100)
    with pytest.raises(DeskError) as refused:
        backup.restore(tmp_path / "data", junk, now=MORNING)
    assert str(refused.value).startswith("junk.sqlite3 tidak dipulihkan: file rusak")
    assert refused.value.text(EN).startswith("junk.sqlite3 was not restored: the file is damaged")
    assert refused.value.text(EN).endswith("The current database was not changed.")

    item = dayclose.Outstanding(dayclose.UNPRINTED, "x", "x")
    checks = dayclose.Preconditions(
        day=date(2026, 11, 26), unprinted_receipts=(item, item), clocked_in=(item,), not_started=()
    )
    blocked = dayclose.DayCloseBlocked("day.close_blocked", checks)
    assert str(blocked) == (
        "Hari 26-11-2026 belum dapat ditutup: 2 tanda terima belum dicetak, "
        "1 petugas masih absen masuk. Selesaikan dulu, atau lanjutkan dengan alasan."
    )
    assert blocked.text(EN) == (
        "Day 26-11-2026 cannot be closed yet: receipts not printed: 2, "
        "officers still clocked in: 1. Settle them first, or go on with a reason."
    )
    assert Text("day.outstanding.none").render(EN) == "nothing outstanding"
