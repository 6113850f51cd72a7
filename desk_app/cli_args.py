"""The `desk-app` command's argument types and its one-line output.

A bad value fails in the parser, naming its option; every refusal of the parser is one
line (raised as UsageError, printed by `desk_app.cli.main`).
"""

from __future__ import annotations

import argparse
import re
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import NoReturn

from desk_app.common.clock import parse_moment
from desk_app.common.errors import ValidationError
from desk_app.common.messages import DEFAULT_LANGUAGE, Text
from desk_app.common.validation import FIRST_DAY, LAST_DAY, validate_day
from desk_app.common.workdays import local_day


class UsageError(Exception):
    """A command line the parser refused."""


def printable(text: str) -> str:
    """`text` as any terminal can print it: lone surrogates (bytes of argv that are not
    UTF-8) shown as escapes instead of failing the print."""
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


_LINE_BREAKS = re.compile(r"[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]")


def one_line(text: str) -> str:
    """A failure's text on one line: a line break from the input shows as an escape."""
    return _LINE_BREAKS.sub(lambda m: repr(m.group())[1:-1], printable(text).strip())


MAX_TEXT = 500  # longer than any NIP, name, code, query or reason the desk takes
MAX_FIND = 1000  # find --limit


def shown(text: str) -> str:
    """A value quoted back in a message: short enough for one line."""
    return text if len(text) <= 40 else text[:37] + "..."


def _refuse(why: Text) -> NoReturn:
    raise argparse.ArgumentTypeError(why.render(DEFAULT_LANGUAGE))


def day_arg(text: str) -> date:
    """A YYYY-MM-DD day between FIRST_DAY and LAST_DAY."""
    try:
        day = date.fromisoformat(text.strip())
    except ValueError:
        _refuse(Text("cli.not_a_date", {"value": shown(text)}))
    try:
        return validate_day(day, field="--date")
    except ValidationError as exc:
        raise argparse.ArgumentTypeError(exc.message) from None


def month_arg(text: str) -> date:
    """A YYYY-MM month within FIRST_DAY..LAST_DAY, as its first day."""
    found = re.fullmatch(r"([0-9]{4})-([0-9]{2})", text.strip())
    if found is None or not 1 <= int(found[2]) <= 12:
        _refuse(Text("cli.not_a_month", {"value": shown(text)}))
    if not FIRST_DAY.year <= int(found[1]) <= LAST_DAY.year:
        first, last = f"{FIRST_DAY:%m-%Y}", f"{LAST_DAY:%m-%Y}"
        _refuse(Text("cli.date_out_of_range", {"value": shown(text), "first": first, "last": last}))
    return date(int(found[1]), int(found[2]), 1)


def moment_arg(text: str) -> datetime:
    """An ISO moment (Jakarta time without an offset) on a day the desk can act on."""
    try:
        moment = parse_moment(text)
    except ValueError:
        _refuse(Text("cli.not_a_moment", {"value": shown(text)}))
    except OverflowError:  # e.g. 0001-01-01T00:00 in Jakarta is before year 1 in UTC
        first, last = f"{FIRST_DAY:%d-%m-%Y}", f"{LAST_DAY:%d-%m-%Y}"
        _refuse(Text("cli.date_out_of_range", {"value": shown(text), "first": first, "last": last}))
    try:
        validate_day(moment.date(), field="--now")
        validate_day(local_day(moment), field="--now")
    except ValidationError as exc:
        raise argparse.ArgumentTypeError(exc.message) from None
    return moment


def whole_arg(low: int, high: int) -> Callable[[str], int]:
    """A type for a whole number in low..high (ASCII digits only)."""

    def parse(text: str) -> int:
        if not re.fullmatch(r"[+-]?[0-9]{1,30}", text.strip()):
            _refuse(Text("cli.not_a_number", {"value": shown(text)}))
        value = int(text)
        if not low <= value <= high:
            _refuse(
                Text(
                    "cli.number_out_of_range",
                    {"value": shown(str(value)), "low": low, "high": high},
                )
            )
        return value

    return parse


def text_arg(text: str) -> str:
    """A non-empty text of at most MAX_TEXT characters that can be stored (valid UTF-8)."""
    if not text.strip():
        _refuse(Text("cli.empty"))
    if len(text) > MAX_TEXT:
        _refuse(Text("cli.too_long", {"limit": MAX_TEXT}))
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        _refuse(Text("text.not_utf8"))
    if "\x00" in text:
        _refuse(Text("cli.bad_path", {"value": shown(text.replace("\x00", "\\0"))}))
    return text


def path_arg(text: str) -> Path:
    """A file or folder name: not empty, no NUL (other bytes are the file system's business)."""
    if not text.strip():
        _refuse(Text("cli.empty"))
    if "\x00" in text or len(text) > 4096:
        _refuse(Text("cli.bad_path", {"value": shown(text.replace("\x00", "\\0"))}))
    return Path(text)


class Parser(argparse.ArgumentParser):
    """An argument parser whose refusal is one line (raised, printed by `main`)."""

    def error(self, message: str) -> NoReturn:
        message = message.removeprefix("argument ")
        raise UsageError(f"{message} ({self.prog} --help)")
