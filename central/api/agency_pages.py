"""The agencies report as server-rendered pages (Indonesian by default, English by ?lang=en)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from html import escape
from urllib.parse import quote, urlencode

from central.agency_report import TaskLine
from central.analytics.agencies import AgencyLine, Report
from central.api.pages import STYLE

LANGUAGES = ("id", "en")
# Query parameters a link to another agencies page carries over.
CARRIED = ("lang", "office", "from", "to", "token")

TEXTS: dict[str, dict[str, str]] = {
    "id": {
        "title": "Dinas yang lambat",
        "intro": (
            "Lama berkas ditahan tiap dinas, dalam hari kalender, diperkirakan dengan "
            "Kaplan-Meier: berkas yang masih di dinas dihitung sampai sekarang sebagai data "
            "tersensor, bukan diabaikan. Terlambat: tanggal jatuh tempo lewat selama berkas "
            "di dinas. Diurutkan menurut median (yang belum tercapai dihitung sebagai waktu "
            "terlama yang teramati), lalu porsi terlambat. Minimal {min} berkas untuk diurutkan."
        ),
        "rank": "Peringkat",
        "agency": "Dinas",
        "stays": "Berkas",
        "open": "Masih di dinas",
        "median": "Median (hari)",
        "p90": "P90 (hari)",
        "late": "Terlambat",
        "problems": "Dikembalikan bermasalah",
        "offices": "Kantor",
        "too_few": "Terlalu sedikit untuk dinilai",
        "none": "Belum ada berkas yang diteruskan ke dinas.",
        "more_than": "lebih dari {days} (belum tercapai)",
        "not_reached": "belum tercapai",
        "tasks": "Berkas di balik baris ini",
        "tracking": "Nomor pelacakan",
        "office": "Kantor",
        "forwarded": "Diteruskan",
        "held": "Hari ditahan",
        "state": "Keadaan",
        "still_out": "masih di dinas",
        "closed": "sudah kembali",
        "withdrawn": "ditarik kantor",
        "back": "Kembali ke daftar dinas",
        "no_tasks": "Tidak ada berkas untuk dinas ini.",
        "yes": "ya",
        "no": "tidak",
    },
    "en": {
        "title": "Uncooperative agencies",
        "intro": (
            "How long each agency holds files, in calendar days, estimated with Kaplan-Meier: "
            "files still at the agency count up to now as censored, not ignored. Late: the "
            "due date passed while the file was at the agency. Ranked by the median (one not "
            "reached counts as the longest time observed), then the share late. At least {min} "
            "files before an agency is ranked."
        ),
        "rank": "Rank",
        "agency": "Agency",
        "stays": "Files",
        "open": "Still out",
        "median": "Median (days)",
        "p90": "P90 (days)",
        "late": "Late",
        "problems": "Sent back with a problem",
        "offices": "Offices",
        "too_few": "Too few to judge",
        "none": "No file has been forwarded to an agency yet.",
        "more_than": "more than {days} (not reached)",
        "not_reached": "not reached",
        "tasks": "The files behind this line",
        "tracking": "Tracking number",
        "office": "Office",
        "forwarded": "Forwarded",
        "held": "Days held",
        "state": "State",
        "still_out": "still at the agency",
        "closed": "returned",
        "withdrawn": "withdrawn by the office",
        "back": "Back to the agencies",
        "no_tasks": "No file for this agency.",
        "yes": "yes",
        "no": "no",
    },
}


def language(value: str | None) -> str:
    """The page's language: Indonesian unless English is asked for."""
    return value if value in LANGUAGES else "id"


def _link(path: str, params: Mapping[str, str]) -> str:
    carried = {k: params[k] for k in CARRIED if params.get(k)}
    return escape(path + (f"?{urlencode(carried)}" if carried else ""))


def _page(lang: str, title: str, body: str, now: datetime) -> str:
    return f"""<!doctype html>
<html lang="{lang}"><head><meta charset="utf-8"><title>Loket — {escape(title)}</title>
<style>{STYLE}</style></head><body>
<h1>{escape(title)}</h1>
<p>{now.astimezone(UTC):%Y-%m-%d %H:%M} UTC</p>
{body}
</body></html>
"""


def _days(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f}"


def _row(line: AgencyLine, t: dict[str, str], params: Mapping[str, str]) -> str:
    href = _link(f"/admin/agencies/{quote(line.agency_code, safe='')}", params)
    median = (
        _days(line.median_days)
        if line.median_days is not None
        else t["more_than"].format(days=_days(line.longest_observed_days))
    )
    p90 = _days(line.p90_days) if line.p90_days is not None else t["not_reached"]
    share = line.late_share
    late = f"{line.late}/{line.could_be_late}" + ("" if share is None else f" ({share:.0%})")
    return (
        f"<tr><td class=num>{line.rank or '-'}</td>"
        f'<td><a href="{href}">{escape(line.agency_code)}</a></td>'
        f"<td class=num>{line.stays}</td><td class=num>{line.open}</td>"
        f"<td class=num>{escape(median)}</td><td class=num>{escape(p90)}</td>"
        f"<td class='num {'bad' if line.late else ''}'>{late}</td>"
        f"<td class=num>{line.problems}</td><td>{escape(', '.join(line.offices))}</td></tr>"
    )


def ranking_page(report: Report, *, params: Mapping[str, str]) -> str:
    """The ranking, each line linking to the files behind it; small samples apart."""
    lang = language(params.get("lang"))
    t = TEXTS[lang]
    head = (
        f"<tr><th>{t['rank']}</th><th>{t['agency']}</th><th>{t['stays']}</th>"
        f"<th>{t['open']}</th><th>{t['median']}</th><th>{t['p90']}</th><th>{t['late']}</th>"
        f"<th>{t['problems']}</th><th>{t['offices']}</th></tr>"
    )
    ranked = "".join(_row(line, t, params) for line in report.ranked)
    too_few = "".join(_row(line, t, params) for line in report.too_few)
    empty = f"<tr><td colspan=9>{t['none']}</td></tr>"
    body = (
        f"<p>{escape(t['intro'].format(min=report.min_stays))}</p>"
        f"<table>{head}{ranked or empty}</table>"
        f"<h2>{t['too_few']}</h2><table>{head}{too_few or empty}</table>"
    )
    return _page(lang, t["title"], body, report.now)


def tasks_page(
    agency_code: str, tasks: list[TaskLine], *, now: datetime, params: Mapping[str, str]
) -> str:
    """The files one agency held: tracking number, office, days held, open or returned."""
    lang = language(params.get("lang"))
    t = TEXTS[lang]
    rows = []
    for task in tasks:
        if task.open:
            state = t["still_out"]
        elif task.outcome == "withdrawn":
            state = t["withdrawn"]
        else:
            state = f"{t['closed']} ({task.outcome})" if task.outcome else t["closed"]
        rows.append(
            f"<tr><td><code>{escape(task.tracking_no or task.task_id)}</code></td>"
            f"<td>{escape(task.office_code)}</td>"
            f"<td>{task.forwarded_at.astimezone(UTC):%Y-%m-%d %H:%M}</td>"
            f"<td class=num>{task.days_held:.1f}</td>"
            f"<td class='{'bad' if task.open else 'ok'}'>{escape(state)}</td>"
            f"<td class='{'bad' if task.late else ''}'>{t['yes'] if task.late else t['no']}</td>"
            "</tr>"
        )
    empty = f"<tr><td colspan=6>{t['no_tasks']}</td></tr>"
    body = (
        f'<p><a href="{_link("/admin/agencies", params)}">{t["back"]}</a></p>'
        f"<h2>{t['tasks']}</h2>"
        f"<table><tr><th>{t['tracking']}</th><th>{t['office']}</th><th>{t['forwarded']}</th>"
        f"<th>{t['held']}</th><th>{t['state']}</th><th>{t['late']}</th></tr>"
        f"{''.join(rows) or empty}</table>"
    )
    return _page(lang, f"{t['agency']} {agency_code}", body, now)
