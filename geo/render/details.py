"""The details of one feature for people: labelled fields in the view's language, the source.

The page shows them beside the map when a feature is clicked; nothing here is HTML, the
page makes every value inert for Markdown. Free text is in the view's language, English
where a translation is missing; :attr:`Details.languages` says which values (and the source
and quote, always English) are in another language than the view's, for the page to mark.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from geo.data.schema import LAYERS, SOURCE_LANGUAGE
from geo.i18n import localized
from geo.layers.spec import DETAILS
from geo.render.described import lines, project_names, safe_url
from geo.render.popups import leg_sources, sources_label
from geo.view.selection import Selection


@dataclass(frozen=True)
class Details:
    """What the details panel shows of one feature."""

    title: str
    fields: tuple[tuple[str, str], ...]  # (label, value), values in the language
    source: str
    source_url: str | None
    quote: str | None
    # The language of each field's value, by label, where it is not the view's language;
    # the source and its quote are in SOURCE_LANGUAGE.
    languages: tuple[tuple[str, str], ...] = ()
    source_language: str = SOURCE_LANGUAGE


def find_feature(sel: Selection, feature_id: str) -> tuple[str, dict] | None:
    """The layer and row of the feature ``feature_id`` among those ``sel`` shows."""
    for name in LAYERS:
        gdf = sel.layers.get(name)
        if gdf is None or gdf.empty:
            continue
        match = gdf[gdf["id"] == feature_id]
        if len(match):
            return name, match.iloc[0].to_dict()
    return None


def feature_details(layer: str, row: Mapping, sel: Selection) -> Details:
    """The labelled fields of ``row`` of ``layer``, as a reader wants them.

    >>> from geo.data.dataset import load_dataset
    >>> from geo.view.selection import ViewState, select
    >>> sel = select(load_dataset(), ViewState(lang="fr"))
    >>> d = feature_details(*find_feature(sel, "hub-kufra"), sel)
    >>> d.title, d.fields[0]
    ('Koufra', ('Pays', 'Libye'))
    """
    t, lang = sel.t, sel.lang
    title = localized(row, "name", lang)
    shown = lines(layer, row, sel, DETAILS)
    fields: list[tuple[str, str]] = [(label, text) for label, text, _ in shown]
    # Values in another language than the view's (free text left in English) are marked.
    languages = {label: text_lang for label, _, text_lang in shown if text_lang != lang}
    if layer == "routes":
        own = leg_sources(row, sel)
        if len(own) > 1 or (own and row.get("confidence") == "indicative"):
            label = t(sources_label(row, len(own)))
            fields.append((label, "; ".join(s for s, _ in own)))
            languages[label] = SOURCE_LANGUAGE
        elif not own:
            # Indicative: the route's source is named as the route's, not linked as the leg's.
            label = t("Source of its route")
            fields += [
                (t("Evidence"), t("No source states this leg: it is drawn to join its route.")),
                (label, str(row.get("source") or "")),
            ]
            languages[label] = SOURCE_LANGUAGE
            row = {**row, "source": "", "source_url": None}
    elif layer == "coverage":  # the country and every project active there
        coverage = sel.layer("coverage")
        ids = sorted(coverage.loc[coverage["iso3"] == row.get("iso3"), "project_id"])
        title = sel.country_names.get(row.get("iso3"), row.get("iso3") or "") or title
        fields = [(t("Projects"), project_names(ids, sel))]
    quote = row.get("source_quote")
    return Details(
        title=title or str(row.get("id")),
        fields=tuple((label, value) for label, value in fields if isinstance(value, str) and value),
        source=str(row.get("source") or ""),
        source_url=safe_url(row.get("source_url")),
        quote=quote if isinstance(quote, str) and quote.strip() else None,
        languages=tuple(
            (label, code) for label, code in languages.items() if label in dict(fields)
        ),
    )
