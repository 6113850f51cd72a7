"""The city dashboard as server-rendered pages: the four answers, charts as inline SVG.

Indonesian by default, English with ?lang=en. No script, no external asset: the style is
inline and every chart is an <svg> drawn here (central.reports.svg).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import date, datetime
from html import escape
from typing import Any
from urllib.parse import quote, urlencode

from central.api.pages import STYLE
from central.reports import svg
from central.reports.views import (
    AgencyView,
    MergeView,
    OpeningView,
    StaffView,
    Window,
    agency_views,
    merge_view,
    opening_view,
    staff_view,
    weekday_windows,
)
from desk_app.common import formatting

LANGUAGES = ("id", "en")
CARRIED = ("lang", "from", "to", "token")
TOP = 12  # offices, agencies, candidates shown at a glance
SENTENCES = 8  # model-against-simulation sentences listed on an office's page

DASHBOARD_STYLE = """
nav.lang{float:right}nav.lang a{margin-left:.6rem}
.cards{display:flex;flex-wrap:wrap;gap:.8rem;margin:.8rem 0}
.card{border:1px solid #d9e2ec;border-radius:6px;padding:.5rem .8rem;min-width:9rem}
.card b{display:block;font-size:1.3rem;color:#1f5f99}.card span{font-size:.8rem;color:#52606d}
section{margin-top:1.4rem}section h2 a{font-size:.8rem;font-weight:400;margin-left:.6rem}
.grid2{display:grid;grid-template-columns:minmax(0,1fr) minmax(0,1fr);gap:1.2rem}
svg.chart{max-width:100%;height:auto;display:block;margin:.4rem 0}
form.window{margin:.6rem 0;font-size:.9rem}form.window input{margin:0 .4rem}
.note{font-size:.85rem;color:#52606d}
"""

TEXTS: dict[str, dict[str, str]] = {
    "id": {
        "_lang": "id",
        "title": "Dasbor kota",
        "office_title": "Kantor {code}",
        "window": "Periode",
        "from": "dari",
        "to": "sampai",
        "show": "Tampilkan",
        "offices": "Kantor",
        "arrivals": "Kedatangan",
        "completed": "Selesai",
        "wait": "Rata-rata tunggu",
        "officer_hours": "Jam petugas",
        "per_officer_hour": "Dilayani per jam petugas",
        "staffing": "Kekurangan dan kelebihan petugas",
        "staffing_intro": (
            "Petugas yang dibutuhkan (Erlang C, atau Erlang A bila ada yang pergi sebelum "
            "dipanggil) untuk target {level} warga dilayani dalam {minutes} menit, "
            "dibandingkan dengan petugas yang hadir menurut absensi. Jam-petugas per minggu."
        ),
        "short": "Kurang (jam-petugas/minggu)",
        "surplus": "Lebih (jam-petugas/minggu)",
        "verdict": "Penilaian",
        "under": "kurang petugas",
        "over": "kelebihan petugas",
        "fits": "sesuai",
        "balance_chart": "Selisih petugas per kantor (negatif: kurang)",
        "opening": "Rekomendasi jam buka",
        "opening_intro": (
            "Jam buka yang mencakup {share} kedatangan, per hari; Sabtu hanya bila ada "
            "cukup permintaan. Jam terbuang: jam buka sekarang yang hampir tanpa kedatangan."
        ),
        "window_col": "Jam buka Senin–Jumat",
        "saturday": "Sabtu",
        "wasted": "Jam terbuang/minggu",
        "agencies": "Dinas paling lambat",
        "agencies_intro": "Median hari berkas ditahan (Kaplan-Meier; berkas terbuka disensor).",
        "agency": "Dinas",
        "median": "Median (hari)",
        "late": "Terlambat",
        "problems": "Dikembalikan bermasalah",
        "all_agencies": "semua dinas",
        "merge": "Kantor yang dapat digabung",
        "merge_intro": (
            "Kantor dengan warga dilayani per jam petugas di bawah ambang, dengan dampak "
            "penggabungan ke tetangga di kecamatan yang sama: tambahan waktu tunggu di sana."
        ),
        "neighbour": "Tetangga",
        "wait_before": "Tunggu tetangga sekarang",
        "wait_after": "Tunggu setelah digabung",
        "merge_chart": "Dilayani per jam petugas, calon penggabungan",
        "detail": "rincian",
        "none": "Belum ada data untuk periode ini.",
        "no_candidates": "Tidak ada kantor di bawah ambang.",
        "yes": "ya",
        "no": "tidak",
        "closed": "tutup",
        "back": "Kembali ke dasbor kota",
        "demand": "Permintaan per hari dan jam",
        "demand_chart": "Rata-rata kedatangan per jam, per hari dalam minggu",
        "demand_desc": "Peta panas: baris hari, kolom jam; kotak bergaris: jam buka rekomendasi.",
        "needed_present": "Petugas dibutuhkan dan hadir",
        "needed": "Dibutuhkan",
        "present": "Hadir",
        "np_desc": "Batang per jam dalam minggu: petugas dibutuhkan dan rata-rata hadir.",
        "gap_chart": "Selisih petugas per hari dan jam (merah: kurang, biru: lebih)",
        "recommended": "Jam buka yang disarankan",
        "day": "Hari",
        "hours": "Jam",
        "shifts": "Rencana giliran",
        "officer": "Petugas",
        "weekly": "Jam/minggu",
        "counter": "Jam di loket",
        "shift_days": "Giliran",
        "model_check": "Model dan simulasi",
        "more": "dan {n} jam lagi (lihat JSON)",
        "its_agencies": "Dinas untuk kantor ini",
        "report": "Laporan bulanan (PDF)",
        "at_glance": "Ringkasan",
        "summary_desc": "{n} kantor ditampilkan.",
    },
    "en": {
        "_lang": "en",
        "title": "City dashboard",
        "office_title": "Office {code}",
        "window": "Period",
        "from": "from",
        "to": "to",
        "show": "Show",
        "offices": "Offices",
        "arrivals": "Arrivals",
        "completed": "Completed",
        "wait": "Average wait",
        "officer_hours": "Officer-hours",
        "per_officer_hour": "Served per officer-hour",
        "staffing": "Under- and over-staffed offices",
        "staffing_intro": (
            "Officers needed (Erlang C, or Erlang A where citizens leave before being "
            "called) for the target of {level} of citizens served within {minutes} minutes, "
            "against the officers attendance shows. Officer-hours a week."
        ),
        "short": "Short (officer-hours/week)",
        "surplus": "Over (officer-hours/week)",
        "verdict": "Verdict",
        "under": "under-staffed",
        "over": "over-staffed",
        "fits": "fits",
        "balance_chart": "Officers over or short per office (negative: short)",
        "opening": "Opening-hours recommendations",
        "opening_intro": (
            "The opening window covering {share} of arrivals, per day; Saturday only where "
            "demand warrants it. Wasted hours: hours open now with almost no arrivals."
        ),
        "window_col": "Monday–Friday window",
        "saturday": "Saturday",
        "wasted": "Wasted hours/week",
        "agencies": "Slowest agencies",
        "agencies_intro": "Median days a file is held (Kaplan-Meier; open files censored).",
        "agency": "Agency",
        "median": "Median (days)",
        "late": "Late",
        "problems": "Sent back with a problem",
        "all_agencies": "all agencies",
        "merge": "Merge candidates",
        "merge_intro": (
            "Offices serving fewer citizens per officer-hour than the threshold, with the "
            "modelled effect of merging each into its neighbour in the same kecamatan: the "
            "added wait there."
        ),
        "neighbour": "Neighbour",
        "wait_before": "Neighbour's wait now",
        "wait_after": "Wait after merging",
        "merge_chart": "Served per officer-hour, merge candidates",
        "detail": "detail",
        "none": "No data for this period yet.",
        "no_candidates": "No office below the threshold.",
        "yes": "yes",
        "no": "no",
        "closed": "closed",
        "back": "Back to the city dashboard",
        "demand": "Demand by weekday and hour",
        "demand_chart": "Average arrivals per hour, by weekday",
        "demand_desc": "Heatmap: rows weekdays, columns hours; outlined: the recommended window.",
        "needed_present": "Officers needed and present",
        "needed": "Needed",
        "present": "Present",
        "np_desc": "Bars per hour of the week: officers needed and present on average.",
        "gap_chart": "Officers over or short by weekday and hour (red: short, blue: over)",
        "recommended": "Recommended opening window",
        "day": "Day",
        "hours": "Hours",
        "shifts": "Shift plan",
        "officer": "Officer",
        "weekly": "Hours/week",
        "counter": "Counter hours",
        "shift_days": "Shifts",
        "model_check": "Model and simulation",
        "more": "and {n} more hours (see the JSON)",
        "its_agencies": "Agencies for this office",
        "report": "Monthly report (PDF)",
        "at_glance": "At a glance",
        "summary_desc": "{n} offices shown.",
    },
}


def language(value: str | None) -> str:
    """The page's language: Indonesian unless English is asked for."""
    return value if value in LANGUAGES else "id"


def _link(path: str, params: Mapping[str, str], **override: str) -> str:
    carried = {k: params[k] for k in CARRIED if params.get(k)}
    carried.update({k: v for k, v in override.items() if v})
    for k in [k for k, v in override.items() if not v]:
        carried.pop(k, None)
    return escape(path + (f"?{urlencode(carried)}" if carried else ""))


def _empty(columns: int, text: str) -> str:
    return f"<tr><td colspan={columns}>{escape(text)}</td></tr>"


def _agency_href(code: str, params: Mapping[str, str]) -> str:
    return _link(f"/admin/agencies/{quote(code, safe='')}", params)


def _num(value: float | None, lang: str, places: int = 1) -> str:
    return formatting.UNKNOWN if value is None else formatting.trimmed(value, lang, places)


def _wait(seconds: float | None, lang: str) -> str:
    if seconds is None:
        return formatting.UNKNOWN
    if seconds < 60:
        return f"{formatting.number(round(seconds), lang)} {'dtk' if lang == 'id' else 's'}"
    return f"{formatting.trimmed(seconds / 60, lang, 1)} {'mnt' if lang == 'id' else 'min'}"


def _hour_range(*grids: Mapping[tuple[int, int], float]) -> list[int]:
    hours = [h for g in grids for (_, h), v in g.items() if v]
    first, last = min([8, *hours]), max([15, *hours])
    return list(range(first, last + 1))


def _weekdays(lang: str, *grids: Mapping[tuple[int, int], float]) -> list[int]:
    """Monday-Friday, and Saturday/Sunday when any grid has something on them."""
    days = [0, 1, 2, 3, 4]
    for weekday in (5, 6):
        if any(v for g in grids for (d, _), v in g.items() if d == weekday):
            days.append(weekday)
    return days


def _page(lang: str, title: str, body: str, now: datetime, params: Mapping[str, str]) -> str:
    other = "en" if lang == "id" else "id"
    switch = _link(params.get("_path", ""), params, lang=other if other == "en" else "")
    label = "English" if other == "en" else "Bahasa Indonesia"
    return f"""<!doctype html>
<html lang="{lang}"><head><meta charset="utf-8"><title>Loket — {escape(title)}</title>
<meta name="viewport" content="width=device-width,initial-scale=1">
<style>{STYLE}{DASHBOARD_STYLE}</style></head><body>
<nav class=lang><a href="{switch}" hreflang="{other}">{label}</a></nav>
<h1>{escape(title)}</h1>
<p>{formatting.date_time_long(now, lang)}</p>
{body}
</body></html>
"""


def _window_form(t: dict[str, str], first: date, last: date, params: Mapping[str, str]) -> str:
    hidden = "".join(
        f'<input type=hidden name="{k}" value="{escape(params[k])}">'
        for k in ("lang", "token")
        if params.get(k)
    )
    return (
        f'<form class=window method=get action="{escape(params.get("_path", ""))}">'
        f"{t['window']}: {t['from']}<input type=date name=from value={first.isoformat()}>"
        f"{t['to']}<input type=date name=to value={last.isoformat()}>{hidden}"
        f"<button type=submit>{t['show']}</button></form>"
    )


def _cards(items: list[tuple[str, str]]) -> str:
    return (
        "<div class=cards>"
        + "".join(
            f"<div class=card><b>{escape(v)}</b><span>{escape(k)}</span></div>" for k, v in items
        )
        + "</div>"
    )


def _glance(t: dict[str, str], lang: str, figures: Mapping[str, Any], offices: int) -> str:
    city = figures.get("city", {})
    first = [(t["offices"], formatting.number(offices, lang))] if offices > 1 else []
    return _cards(
        [
            *first,
            (t["arrivals"], formatting.number(int(city.get("arrivals") or 0), lang)),
            (t["completed"], formatting.number(int(city.get("completed") or 0), lang)),
            (t["wait"], _wait(city.get("wait_mean_seconds"), lang)),
            (t["officer_hours"], _num(city.get("officer_hours"), lang, 0)),
            (t["per_officer_hour"], _num(city.get("served_per_officer_hour"), lang, 2)),
        ]
    )


def _verdict(view: StaffView, t: dict[str, str]) -> tuple[str, str]:
    if view.under_hours >= 1.0 and view.under_hours >= view.over_hours:
        return t["under"], "bad"
    if view.over_hours >= 1.0:
        return t["over"], ""
    return t["fits"], "ok"


def _target_text(t: dict[str, str], lang: str, views: list[StaffView]) -> str:
    seconds = next((v.target_seconds for v in views if v.target_seconds), 900.0)
    level = next((v.target_level for v in views if v.target_level), 0.8)
    return t["staffing_intro"].format(
        level=formatting.percent(level, lang), minutes=formatting.trimmed(seconds / 60, lang, 1)
    )


def _window_text(window: Window | None, t: dict[str, str]) -> str:
    return t["closed"] if window is None else window.text


def _weekday_window(view: OpeningView, t: dict[str, str]) -> str:
    """Monday-Friday's window: one range when they agree, else the range of each."""
    return weekday_windows(view, formatting.WEEKDAYS[t["_lang"]], t["closed"])


def _staffing_section(
    figures: Mapping[str, Any], lang: str, t: dict[str, str], params: Mapping[str, str]
) -> str:
    names: Mapping[str, str] = figures.get("names", {})
    views = {code: staff_view(plan, lang) for code, plan in figures.get("staff", {}).items()}
    ordered = sorted(views.items(), key=lambda kv: (kv[1].balance, kv[0]))
    worst = [kv for kv in ordered if abs(kv[1].balance) >= 0.5]
    shown = worst[: TOP // 2] + [
        kv for kv in worst[::-1][: TOP // 2] if kv not in worst[: TOP // 2]
    ]
    shown.sort(key=lambda kv: kv[1].balance)
    bars = [
        svg.Bar(
            label=f"{names.get(code, '')[:20]} ({code})",
            value=view.balance,
            text=_num(view.balance, lang),
            href=_link(f"/admin/dashboard/office/{quote(code, safe='')}", params),
            colour=svg.LATE if view.balance < 0 else svg.ACCENT,
        )
        for code, view in shown
    ]
    rows = []
    for code, view in shown:
        verdict, cls = _verdict(view, t)
        href = _link(f"/admin/dashboard/office/{quote(code, safe='')}", params)
        rows.append(
            f'<tr><td><a href="{href}">{escape(code)}</a></td>'
            f"<td>{escape(names.get(code, ''))}</td>"
            f"<td class=num>{_num(view.under_hours, lang)}</td>"
            f"<td class=num>{_num(view.over_hours, lang)}</td>"
            f"<td class='{cls}'>{verdict}</td></tr>"
        )
    chart = (
        svg.hbars(
            "staff-balance",
            title=t["balance_chart"],
            desc=t["staffing_intro"][:0] + t["balance_chart"],
            items=bars,
            width=640,
            label_width=230,
        )
        if bars
        else ""
    )
    table = (
        f"<table><tr><th>{t['offices']}</th><th></th><th>{t['short']}</th>"
        f"<th>{t['surplus']}</th><th>{t['verdict']}</th></tr>"
        f"{''.join(rows) or _empty(5, t['none'])}</table>"
    )
    return (
        f"<section id=staffing><h2>{t['staffing']}</h2>"
        f"<p class=note>{escape(_target_text(t, lang, list(views.values())))}</p>"
        f"<div class=grid2><div>{chart}</div><div>{table}</div></div></section>"
    )


def _opening_section(
    figures: Mapping[str, Any], lang: str, t: dict[str, str], params: Mapping[str, str]
) -> str:
    names: Mapping[str, str] = figures.get("names", {})
    views = {code: opening_view(plan) for code, plan in figures.get("opening", {}).items()}
    ordered = sorted(views.items(), key=lambda kv: (-(kv[1].wasted_hours or 0.0), kv[0]))
    rows = []
    for code, view in ordered[:TOP]:
        href = _link(f"/admin/dashboard/office/{quote(code, safe='')}", params)
        saturday = (
            formatting.UNKNOWN
            if view.saturday is None
            else (t["yes"] if view.saturday else t["no"])
        )
        rows.append(
            f'<tr><td><a href="{href}">{escape(code)}</a></td>'
            f"<td>{escape(names.get(code, ''))}</td>"
            f"<td>{escape(_weekday_window(view, t))}</td><td>{saturday}</td>"
            f"<td class='num {'bad' if (view.wasted_hours or 0) >= 1 else ''}'>"
            f"{_num(view.wasted_hours, lang)}</td></tr>"
        )
    share = next((v.share for v in views.values() if v.share), 0.95)
    intro = t["opening_intro"].format(share=formatting.percent(share, lang))
    return (
        f"<section id=opening><h2>{t['opening']}</h2>"
        f"<p class=note>{escape(intro)}</p>"
        f"<table><tr><th>{t['offices']}</th><th></th><th>{t['window_col']}</th>"
        f"<th>{t['saturday']}</th><th>{t['wasted']}</th></tr>"
        f"{''.join(rows) or _empty(5, t['none'])}</table></section>"
    )


def _agency_bars(
    agencies: list[AgencyView], lang: str, t: dict[str, str], params: Mapping[str, str], svg_id: str
) -> str:
    if not agencies:
        return f"<p>{t['none']}</p>"
    items = [
        svg.Bar(
            label=a.agency_code,
            value=a.median_days or 0.0,
            text=("> " if not a.median_reached else "") + _num(a.median_days, lang),
            href=_agency_href(a.agency_code, params),
            colour=svg.LATE if (a.late_share or 0) >= 0.5 else svg.ACCENT,
        )
        for a in agencies[:TOP]
    ]
    chart = svg.hbars(svg_id, title=t["agencies"], desc=t["agencies_intro"], items=items, width=620)
    rows = "".join(
        f"<tr><td class=num>{a.rank or '-'}</td>"
        f'<td><a href="{_agency_href(a.agency_code, params)}">'
        f"{escape(a.agency_code)}</a></td><td class=num>{a.stays}</td>"
        f"<td class=num>{'&gt; ' if not a.median_reached else ''}{_num(a.median_days, lang)}</td>"
        f"<td class=num>{formatting.percent(a.late_share, lang)}</td>"
        f"<td class=num>{a.problems}</td></tr>"
        for a in agencies[:TOP]
    )
    table = (
        f"<table><tr><th>#</th><th>{t['agency']}</th><th>n</th><th>{t['median']}</th>"
        f"<th>{t['late']}</th><th>{t['problems']}</th></tr>{rows}</table>"
    )
    return f"<div class=grid2><div>{chart}</div><div>{table}</div></div>"


def _merge_rows(
    candidates: list[MergeView],
    lang: str,
    t: dict[str, str],
    params: Mapping[str, str],
    names: Mapping[str, str],
) -> str:
    rows = []
    for c in candidates:
        href = _link(f"/admin/dashboard/office/{quote(c.office, safe='')}", params)
        rows.append(
            f'<tr><td><a href="{href}">{escape(c.office)}</a></td>'
            f"<td>{escape(names.get(c.office, ''))}</td>"
            f"<td class=num>{_num(c.served_per_officer_hour, lang, 2)}</td>"
            f"<td>{escape(c.neighbour or formatting.UNKNOWN)}</td>"
            f"<td class=num>{_wait(c.wait_before_seconds, lang)}</td>"
            f"<td class='num {'bad' if c.pushes_past_target else ''}'>"
            f"{_wait(c.wait_after_seconds, lang)}</td></tr>"
        )
    return (
        f"<table><tr><th>{t['offices']}</th><th></th><th>{t['per_officer_hour']}</th>"
        f"<th>{t['neighbour']}</th><th>{t['wait_before']}</th><th>{t['wait_after']}</th></tr>"
        f"{''.join(rows) or _empty(6, t['no_candidates'])}</table>"
    )


def _merge_section(
    figures: Mapping[str, Any], lang: str, t: dict[str, str], params: Mapping[str, str]
) -> str:
    names: Mapping[str, str] = figures.get("names", {})
    candidates = [merge_view(c) for c in figures.get("merge", [])]
    items = [
        svg.Bar(
            label=f"{names.get(c.office, '')[:20]} ({c.office})",
            value=c.served_per_officer_hour or 0.0,
            text=_num(c.served_per_officer_hour, lang, 2),
            href=_link(f"/admin/dashboard/office/{quote(c.office, safe='')}", params),
            colour=svg.ACCENT_2,
        )
        for c in candidates[:TOP]
    ]
    chart = (
        svg.hbars(
            "merge-chart",
            title=t["merge_chart"],
            desc=t["merge_intro"],
            items=items,
            width=640,
            label_width=230,
        )
        if items
        else ""
    )
    return (
        f"<section id=merge><h2>{t['merge']}</h2><p class=note>{escape(t['merge_intro'])}</p>"
        f"<div class=grid2><div>{chart}</div><div>"
        f"{_merge_rows(candidates[:TOP], lang, t, params, names)}</div></div></section>"
    )


def _shift_table(opening: OpeningView, lang: str, t: dict[str, str]) -> str:
    short = [name[:3] for name in formatting.WEEKDAYS[lang]]
    rows = "".join(
        f"<tr><td>{t['officer']} {o.number}</td>"
        f"<td class=num>{formatting.trimmed(o.weekly_hours, lang, 1)}</td>"
        f"<td class=num>{formatting.trimmed(o.counter_hours, lang, 1)}</td>"
        f"<td>{escape(', '.join(f'{short[d]} {a}–{b}' for d, a, b in o.shifts))}</td></tr>"
        for o in opening.officers
    )
    return (
        f"<h3>{t['shifts']}</h3><table><tr><th>{t['officer']}</th><th>{t['weekly']}</th>"
        f"<th>{t['counter']}</th><th>{t['shift_days']}</th></tr>{rows}</table>"
    )


def city_page(figures: Mapping[str, Any], *, now: datetime, params: Mapping[str, str]) -> str:
    """The city overview: the four answers at a glance, each linking to its detail."""
    lang = language(params.get("lang"))
    t = TEXTS[lang]
    first, last = date.fromisoformat(figures["from"]), date.fromisoformat(figures["to"])
    month = f"{last:%Y-%m}"
    agencies = agency_views(figures.get("agencies", {}))
    body = (
        _window_form(t, first, last, params)
        + f'<p><a href="{_link(f"/admin/reports/{month}.pdf", params, **{"from": "", "to": ""})}">'
        f"{t['report']} {formatting.month_name(last.month, lang)} {last.year}</a></p>"
        + f"<section id=glance><h2>{t['at_glance']}</h2>"
        + _glance(t, lang, figures, len(figures.get("offices", [])))
        + "</section>"
        + _staffing_section(figures, lang, t, params)
        + _opening_section(figures, lang, t, params)
        + f"<section id=agencies><h2>{t['agencies']}"
        f'<a href="{_link("/admin/agencies", params)}">{t["all_agencies"]}</a></h2>'
        f"<p class=note>{escape(t['agencies_intro'])}</p>"
        + _agency_bars(agencies, lang, t, params, "agency-chart")
        + "</section>"
        + _merge_section(figures, lang, t, params)
    )
    return _page(lang, t["title"], body, now, params)


def _week_columns(
    days: list[int], hours: list[int], lang: str
) -> tuple[list[str], list[tuple[int, str]]]:
    categories = [f"{h:02d}" for _ in days for h in hours]
    groups = [(i * len(hours), formatting.WEEKDAYS[lang][d]) for i, d in enumerate(days)]
    return categories, groups


def office_page(
    figures: Mapping[str, Any], *, office_code: str, now: datetime, params: Mapping[str, str]
) -> str:
    """One office: demand heatmap, officers needed against present, the recommended window,
    the model against the simulation, its agencies and whether it is a merge candidate."""
    lang = language(params.get("lang"))
    t = TEXTS[lang]
    names: Mapping[str, str] = figures.get("names", {})
    first, last = date.fromisoformat(figures["from"]), date.fromisoformat(figures["to"])
    plan = figures.get("staff", {}).get(office_code)
    hours_plan = figures.get("opening", {}).get(office_code)
    staff = staff_view(plan, lang) if plan else None
    opening = opening_view(hours_plan) if hours_plan else None
    demand = opening.demand if opening else (staff.arrivals if staff else {})
    grids = [demand, *([staff.needed, staff.present] if staff else [])]
    hours = _hour_range(*grids)
    days = _weekdays(lang, *grids)
    day_names = [formatting.WEEKDAYS[lang][d] for d in days]
    month = f"{last:%Y-%m}"
    report = _link(
        f"/admin/reports/{month}.pdf", params, office=office_code, **{"from": "", "to": ""}
    )
    body = [
        f'<p><a href="{_link("/admin/dashboard", params)}">{t["back"]}</a> · '
        f'<a href="{report}">'
        f"{t['report']}</a></p>",
        _window_form(t, first, last, params),
        f"<section id=glance><h2>{t['at_glance']}</h2>"
        + _glance(t, lang, figures, 1)
        + "</section>",
    ]
    # demand
    marks = []
    if opening:
        for i, d in enumerate(days):
            window = opening.windows.get(d)
            if window:
                start = max(int(window.start_hours), hours[0])
                end = min(math.ceil(window.end_hours) - 1, hours[-1])
                if start <= end:
                    marks.append((i, hours.index(start), hours.index(end)))
    body.append(f"<section id=demand><h2>{t['demand']}</h2>")
    if demand:
        body.append(
            svg.heatmap(
                "demand-heatmap",
                title=t["demand_chart"],
                desc=t["demand_desc"],
                rows=day_names,
                columns=[f"{h:02d}" for h in hours],
                values=[[demand.get((d, h)) for h in hours] for d in days],
                fmt=lambda v: formatting.trimmed(v, lang, 1),
                width=1000,
                marks=marks,
            )
        )
    else:
        body.append(f"<p>{t['none']}</p>")
    body.append("</section>")
    # staffing
    body.append(f"<section id=staffing><h2>{t['needed_present']}</h2>")
    if staff:
        body.append(f"<p class=note>{escape(_target_text(t, lang, [staff]))}</p>")
        categories, groups = _week_columns(days, hours, lang)
        body.append(
            svg.bars(
                "needed-present",
                title=t["needed_present"],
                desc=t["np_desc"],
                categories=categories,
                series=[
                    svg.Series(
                        t["needed"],
                        [staff.needed.get((d, h)) for d in days for h in hours],
                        svg.LATE,
                    ),
                    svg.Series(
                        t["present"],
                        [staff.present.get((d, h)) for d in days for h in hours],
                        svg.ACCENT,
                    ),
                ],
                fmt=lambda v: formatting.trimmed(v, lang, 1),
                width=1000,
                height=280,
                group_labels=groups,
            )
        )
        body.append(f"<h3>{t['gap_chart']}</h3>")
        body.append(
            svg.heatmap(
                "gap-heatmap",
                title=t["gap_chart"],
                desc=t["gap_chart"],
                rows=day_names,
                columns=[f"{h:02d}" for h in hours],
                values=[[staff.gap.get((d, h)) for h in hours] for d in days],
                fmt=lambda v: formatting.trimmed(v, lang, 1) if abs(v) >= 0.05 else "0",
                diverging=True,
                width=1000,
            )
        )
        verdict, _ = _verdict(staff, t)
        body.append(
            _cards(
                [
                    (t["short"], _num(staff.under_hours, lang)),
                    (t["surplus"], _num(staff.over_hours, lang)),
                    (t["verdict"], verdict),
                ]
            )
        )
        if staff.sentences:
            shown = staff.sentences[:SENTENCES]
            more = len(staff.sentences) - len(shown)
            body.append(
                f"<h3>{t['model_check']}</h3><ul class=note>"
                + "".join(f"<li>{escape(line)}</li>" for line in shown)
                + (f"<li>{t['more'].format(n=more)}</li>" if more > 0 else "")
                + "</ul>"
            )
    else:
        body.append(f"<p>{t['none']}</p>")
    body.append("</section>")
    # opening window
    body.append(f"<section id=opening><h2>{t['recommended']}</h2>")
    if opening:
        rows = "".join(
            f"<tr><td>{formatting.WEEKDAYS[lang][d]}</td>"
            f"<td>{_window_text(opening.windows.get(d), t)}</td></tr>"
            for d in range(7)
            if d < 5 or opening.windows.get(d) or d == 5
        )
        saturday = (
            formatting.UNKNOWN
            if opening.saturday is None
            else (t["yes"] if opening.saturday else t["no"])
        )
        body.append(
            _cards(
                [
                    (t["saturday"], saturday),
                    (t["wasted"], _num(opening.wasted_hours, lang)),
                ]
            )
            + f"<table><tr><th>{t['day']}</th><th>{t['hours']}</th></tr>{rows}</table>"
        )
        if opening.officers:
            body.append(_shift_table(opening, lang, t))
    else:
        body.append(f"<p>{t['none']}</p>")
    body.append("</section>")
    # agencies
    body.append(
        f"<section id=agencies><h2>{t['its_agencies']}"
        f'<a href="{_link("/admin/agencies", params, office=office_code)}">'
        f"{t['all_agencies']}</a></h2>"
        + _agency_bars(
            agency_views(figures.get("agencies", {})), lang, t, params, "office-agencies"
        )
        + "</section>"
    )
    # merge
    mine = [merge_view(c) for c in figures.get("merge", [])]
    mine = [c for c in mine if c.office == office_code]
    body.append(
        f"<section id=merge><h2>{t['merge']}</h2>"
        + _merge_rows(mine, lang, t, params, names)
        + "</section>"
    )
    title = f"{names.get(office_code, '')} ({office_code})".strip()
    return _page(lang, title, "".join(body), now, params)
