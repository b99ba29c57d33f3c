"""Page layouts of the briefing exports: the PNG image and the PDF sheet."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

import geopandas as gpd
import pandas as pd

from geo import dates, popups
from geo.briefing.mapdraw import _draw_legend, _draw_map, _legend_height, _legend_sections, _MapLook
from geo.briefing.sheet import (
    _ACCENT,
    _HEAD_FILL,
    _INK,
    _MUTED,
    _ZEBRA,
    Translate,
    _Measure,
    _Sheet,
)
from geo.export import DISCLAIMER
from geo.i18n import format_period

# --------------------------------------------------------------------------- the PNG


def _png_layout(sheet: _Sheet, layers, basemap, projects, title: str, description: str) -> None:
    """Header, map, legend (beside the map, or under it on a tall image) and footer."""
    m = 22.0
    W, H = sheet.width, sheet.height
    t = sheet.t
    sheet.rect(0, 0, W, 6, facecolor=_ACCENT, lw=0)
    y = sheet.lines(
        m, m, sheet.wrap(title, W - 2 * m, 26, True, most=2), 26, 32, bold=True, color=_ACCENT
    )
    y = sheet.lines(m, y + 2, sheet.wrap(description, W - 2 * m, 15, most=2), 15, 20, color=_MUTED)
    sheet.rule(m, y + 6, W - 2 * m)
    top = y + 20
    disclaimer = sheet.wrap(t(DISCLAIMER), W - 2 * m, 9.5, most=2)
    footer = H - m - 16 - 12 * len(disclaimer)
    sheet.rule(m, footer - 8, W - 2 * m)
    date = dt.date.today().isoformat()
    credit = f"{t('Basemap: Natural Earth')} · {t('Exported {date}').format(date=date)}"
    sheet.text(m, footer, credit, 11)
    sheet.lines(m, footer + 16, disclaimer, 9.5, 12, italic=True, color=_MUTED)
    sections = _legend_sections(layers, projects, t, sheet.lang)
    unplaced = _count_unplaced(layers)
    note = t("{n} activities without a stated place are not mapped").format(n=unplaced)
    bottom = footer - 22
    if W >= 1.25 * H:  # wide: the legend in a panel beside the map
        panel = 250.0
        box = (m + 34, top, W - 2 * m - panel - 34 - 24, bottom - top - 16)
        _, my, _, _ = _draw_map(sheet, box, layers, basemap, projects, _MapLook(1.0))
        lx, lw, columns = W - m - panel, panel, 1
    else:  # tall: the legend in columns under the map
        lx, lw, columns = m, W - 2 * m, 3 if W > 700 else 2
        room = _legend_height(sections, 11, columns) + (11 * 2.4 if sections else 0) + 50
        box = (m + 34, top, W - 2 * m - 34, bottom - top - 16 - room)
        _, map_y, _, map_h = _draw_map(sheet, box, layers, basemap, projects, _MapLook(1.0), "N")
        my = map_y + map_h + 26
    size = 12.0
    while size > 8 and my + size * 2.4 + _legend_height(sections, size, columns) > bottom - 30:
        size -= 0.5
    y = my
    if sections:
        sheet.text(lx, my, t("Legend"), size * 1.25, bold=True, color=_ACCENT)
        y = _draw_legend(sheet, lx, my + size * 2.4, lw, sections, size, columns)
    if unplaced:
        sheet.lines(
            lx,
            y,
            sheet.wrap(note, lw, size * 0.9, most=3),
            size * 0.9,
            size * 1.25,
            color=_MUTED,
            italic=True,
        )


def _count_unplaced(layers: Mapping[str, gpd.GeoDataFrame]) -> int:
    events = layers.get("events")
    if events is None or events.empty:
        return 0
    return int((events.geometry.isna() | events.geometry.is_empty).sum())


# --------------------------------------------------------------------------- the PDF


def _pdf_layout(
    sheet: _Sheet, layers, basemap, projects, title, description, figures, sources, disclaimer
) -> None:
    m = 28.0
    W, H = sheet.width, sheet.height
    t = sheet.t
    sheet.rect(0, 0, W, 5, facecolor=_ACCENT, lw=0)
    date_text = t("Exported {date}").format(date=dt.date.today().isoformat())
    date_w = sheet.width_of(date_text, 8.5) + 12
    y = sheet.lines(
        m,
        m - 4,
        sheet.wrap(title, W - 2 * m - date_w, 18, True, most=2),
        18,
        22,
        bold=True,
        color=_ACCENT,
    )
    sheet.text(W - m, m, date_text, 8.5, color=_MUTED, align="end")
    filters = f"{t('Filters')}: {description}"
    y = sheet.lines(
        m, y + 1, sheet.wrap(filters, W - 2 * m, 10.5, most=2), 10.5, 13.5, color=_MUTED
    )
    sheet.rule(m, y + 3, W - 2 * m)
    top = y + 12

    # Footer, from the bottom up: the disclaimer, then the sources.
    disclaimer_lines = sheet.wrap(disclaimer, W - 2 * m, 7.5, most=3)
    disclaimer_y = H - m - 9.5 * len(disclaimer_lines) + 4
    sheet.lines(m, disclaimer_y, disclaimer_lines, 7.5, 9.5, italic=True, color=_MUTED)
    source_rows = 4
    sources_top = disclaimer_y - 8 - 12 - source_rows * 9.0
    sheet.rule(m, sources_top - 6, W - 2 * m)
    _draw_sources(sheet, m, sources_top, W - 2 * m, list(sources), source_rows)
    body_bottom = sources_top - 9

    # Left: key figures, the map and its legend. Right: the activities.
    gap = 20.0
    left_w = (W - 2 * m - gap) * 0.47
    right_x, right_w = m + left_w + gap, W - 2 * m - left_w - gap
    y = _draw_figures(sheet, m, top, left_w, figures) + 8
    sections = _legend_sections(layers, projects, t, sheet.lang)
    legend_size = 7.5
    legend_h = _legend_height(sections, legend_size, columns=2)
    box = (m + 24, y, left_w - 24, body_bottom - y - legend_h - 16)
    _, my, _, mh = _draw_map(sheet, box, layers, basemap, projects, _MapLook(0.55), "N")
    sheet.text(m + left_w, my + mh + 10, t("Basemap: Natural Earth"), 7, color=_MUTED, align="end")
    if sections:
        _draw_legend(sheet, m, my + mh + 12, left_w - 70, sections, legend_size, columns=2)
    _draw_events_table(sheet, right_x, top, right_w, body_bottom, layers.get("events"), projects)


def _draw_figures(sheet: _Sheet, x: float, y: float, w: float, figures: Mapping) -> float:
    """Key-figure tiles and the budgets line; return the ``y`` below them."""
    t = sheet.t
    tiles = [
        (figures.get("projects", 0), t("Projects")),
        (figures.get("countries", 0), t("Countries covered")),
        (figures.get("hubs", 0), t("Key hub cities")),
        (figures.get("events", 0), t("Activities")),
    ]
    tile_w = (w - 3 * 6) / 4
    for i, (value, label) in enumerate(tiles):
        tx = x + i * (tile_w + 6)
        sheet.rect(tx, y, tile_w, 40, facecolor=_ZEBRA, edgecolor="none")
        sheet.rect(tx, y, 3, 40, facecolor=_ACCENT, edgecolor="none")
        sheet.text(tx + 9, y + 4, f"{value:,}", 17, bold=True, color=_ACCENT)
        sheet.text(tx + 9, y + 26, sheet.fit(label, tile_w - 12, 7.5), 7.5, color=_MUTED)
    y += 48
    budgets = figures.get("budgets") or {}
    money = "; ".join(f"{cur} {amount:,.0f}" for cur, amount in sorted(budgets.items()))
    line = f"{t('Budgets')}: {money or t('none stated')}"
    unknown = figures.get("budget_unknown") or 0
    if unknown:
        line += " " + t("({n} project(s) state no budget)").format(n=unknown)
    y = sheet.lines(x, y, sheet.wrap(line, w, 8, most=2), 8, 10.5)
    unplaced = figures.get("events_unplaced") or 0
    if unplaced:
        note = t("Activities without a stated place: {n} (listed, not mapped)").format(n=unplaced)
        y = sheet.lines(x, y, sheet.wrap(note, w, 8, most=2), 8, 10.5, color=_MUTED)
    return y


def _sort_key(row: Mapping) -> tuple:
    try:
        return dates.first_day(row["start_date"]), dates.last_day(row["end_date"]), row["id"]
    except (TypeError, ValueError):
        return dt.date.max, dt.date.max, str(row.get("id"))


def _event_rows(events, projects: pd.DataFrame, lang: str, t: Translate) -> list[list[str]]:
    """Date, title, place and projects of every event, in date order."""
    if events is None or events.empty:
        return []
    names = popups.short_names(projects, lang)
    rows = sorted(events.drop(columns=events.geometry.name).to_dict("records"), key=_sort_key)
    return [
        [
            format_period(r.get("start_date"), r.get("end_date"), lang),
            popups.localized(r, "name", lang),
            popups.localized(r, "place", lang) or t("not stated"),
            ", ".join(names.get(p, p) for p in (r.get("project_ids") or [])),
        ]
        for r in rows
    ]


def _column_widths(
    rows: list[list[str]], w: float, size: float, pad: float, measure: _Measure
) -> list[float]:
    """Widths of the date, activity, place and projects columns of the events table.

    Date, place and projects get what their longest word group needs (a date range
    breaks after its dash, a project list after each comma), within a cap; the
    activity title takes the rest.
    """

    def need(parts, cap):
        widest = max((measure(p, size, False) for p in parts), default=0.0)
        return min(widest + 2 * pad, cap * w)

    date = need([p for r in rows for p in r[0].replace(" – ", " –\n").split("\n")], 0.2)
    place = need([r[2] for r in rows], 0.16)
    projects = need([p for r in rows for p in r[3].replace(", ", ",\n").split("\n")], 0.3)
    return [date, w - date - place - projects, place, projects]


def _draw_events_table(
    sheet: _Sheet, x: float, y: float, w: float, bottom: float, events, projects: pd.DataFrame
) -> None:
    """The activities in date order down to ``bottom``, then an "and N more" row."""
    t = sheet.t
    size, lead, pad, inset = 7.0, 8.3, 1.75, 3.0
    sheet.text(x, y, t("Activities, in date order"), 10, bold=True, color=_ACCENT)
    y += 15
    rows = _event_rows(events, projects, sheet.lang, t)
    if not rows:
        sheet.text(x, y, t("No activity matches these filters."), 8.5, color=_MUTED)
        return
    widths = _column_widths(rows, w, size, inset, sheet.measure)
    starts = [x + sum(widths[:i]) for i in range(len(widths))]
    sheet.rect(x, y, w, lead + 2 * pad, facecolor=_HEAD_FILL, edgecolor="none")
    headings = (t("Date"), t("Activity"), t("Place"), t("Projects"))
    for name, cx, cw in zip(headings, starts, widths, strict=True):
        sheet.text(
            cx + inset, y + pad, sheet.fit(name, cw - 2 * inset, size, True), size, bold=True
        )
    y += lead + 2 * pad
    wrapped = [
        [
            sheet.wrap(cell, cw - 2 * inset, size, most=3)
            for cell, cw in zip(row, widths, strict=True)
        ]
        for row in rows
    ]
    more_h = lead + 2 * pad
    for i, cells in enumerate(wrapped):
        height = max(len(c) for c in cells) * lead + 2 * pad
        last = i == len(wrapped) - 1
        if y + height > bottom - (0 if last else more_h):
            more = t("and {n} more").format(n=len(wrapped) - i)
            sheet.text(x + inset, y + pad, more, size, italic=True, color=_MUTED)
            return
        if i % 2:
            sheet.rect(x, y, w, height, facecolor=_ZEBRA, edgecolor="none")
        for lines, cx in zip(cells, starts, strict=True):
            sheet.lines(cx + inset, y + pad, lines, size, lead)
        y += height
    sheet.rule(x, y, w)


def _draw_sources(
    sheet: _Sheet, x: float, y: float, w: float, sources: list[str], rows: int
) -> None:
    """The sources in two columns of ``rows`` lines; what does not fit is counted."""
    t = sheet.t
    size = 7.0
    sheet.text(x, y, t("Sources"), 8.5, bold=True, color=_ACCENT)
    y += 11
    capacity = rows * 2
    shown = sources if len(sources) <= capacity else sources[: capacity - 1]
    col_w = (w - 14) / 2
    entries = [(sheet.fit(f"• {s}", col_w, size), False) for s in shown]
    if len(shown) < len(sources):
        entries.append((t("and {n} more").format(n=len(sources) - len(shown)), True))
    if not entries:
        entries = [(t("None stated"), True)]
    for i, (entry, aside) in enumerate(entries):
        column, row = divmod(i, rows)
        sheet.text(
            x + column * (col_w + 14),
            y + row * 9.0,
            entry,
            size,
            italic=aside,
            color=_MUTED if aside else _INK,
        )
