"""The filter state, a frozen value: which projects, which years; parsed, described, applied.

Meanings (the same for the app, the downloads and the CLI):

- a project is *active* in a year when the year lies between its start and end;
- an event belongs to the years of its dates, and to its ``project_ids``;
- a coverage polygon belongs to its project, and shows in the years the project is active;
- hubs belong to the projects that name them (``project_ids``), and show when one of those
  projects is selected and active in the chosen years, from the year their choice as hubs
  was reported (``designated``) on;
- a route leg shows in the years its own sources describe (``observed_from`` to
  ``observed_to``); when none of them is dated, an indicative leg (drawn to join its route)
  shows only in its route's dated years (``route_years``) and a documented one only when no
  years are chosen (and no project, whose years it cannot be placed in); when projects are
  chosen, a leg shows if it passes through a country that one of the chosen projects covers
  (its ``countries``, derived from its geometry) in those years while that project runs: a
  leg first observed after a project ended is not that project's.

No project chosen means every project; no years chosen means every year.
"""

from __future__ import annotations

import hashlib
import numbers
import re
import shlex
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

import geopandas as gpd
import pandas as pd

from geo.data import dates
from geo.layers import FILTERS

# The rules a layer's FILTER may name (geo/layers), carried out by Filters.apply.
RULES = ("projects", "hub_designation", "leg_years", "dates")

YEAR_MIN, YEAR_MAX = 1900, 2100
_YEARS = re.compile(r"^\s*(\d{4})\s*(?:[-–/]\s*(\d{4})\s*)?$")
FILENAME_MAX = 100  # characters of a download's name before its extension
_UNSAFE = re.compile(r"[^a-z0-9]+")


def parse_years(text: str) -> tuple[int, int]:
    """Read ``2019-2022`` or ``2008`` as an inclusive year range.

    >>> parse_years("2019-2022"), parse_years("2008")
    ((2019, 2022), (2008, 2008))
    """
    match = _YEARS.match(str(text))
    if not match:
        raise ValueError(f"{text!r} is not a year or a range like 2019-2022")
    first = int(match.group(1))
    last = int(match.group(2) or first)
    if first > last:
        raise ValueError(f"{text!r} ends before it starts")
    if first < YEAR_MIN or last > YEAR_MAX:
        raise ValueError(f"{text!r} is outside {YEAR_MIN}-{YEAR_MAX}")
    return first, last


def shown(value: object, limit: int = 40) -> str:
    """A value from a URL, made short and printable for a notice.

    >>> shown("a" + chr(0) + "b" + "x" * 100)[:8]
    "'a?bxxxx"
    """
    text = "".join(c if c.isprintable() else "?" for c in str(value)[:limit])
    return repr(text)


def split_ids(values: str | Iterable[str] | None) -> list[str]:
    """Project ids from repeated parameters and/or comma-separated lists, in order, once each.

    >>> split_ids(["xamt14,dismantling", "xamt14"])
    ['xamt14', 'dismantling']
    """
    if values is None:
        return []
    if isinstance(values, str):
        values = [values]
    out: list[str] = []
    for value in values:
        for part in str(value).split(","):
            part = part.strip()
            if part and part not in out:
                out.append(part)
    return out


@dataclass(frozen=True)
class Filters:
    """Which projects (empty: all) and which years (``None``: all) to show.

    >>> Filters(("xamt14",), (2008, 2008)).to_query_params()
    {'project': 'xamt14', 'years': '2008'}
    """

    projects: tuple[str, ...] = ()
    years: tuple[int, int] | None = None

    @classmethod
    def from_query_params(
        cls,
        params: Mapping[str, str | list[str]],
        known_projects: Iterable[str],
        t: Callable[[str], str] = lambda s: s,
    ) -> tuple[Filters, list[str]]:
        """Read ``project`` and ``years`` from URL parameters; never raises.

        Returns the filters and a notice for every value that was ignored.

        >>> f, notices = Filters.from_query_params({"project": "xamt14,bogus"}, ["xamt14"])
        >>> f.projects, notices
        (('xamt14',), ["Ignored unknown project 'bogus'."])
        """
        known = list(known_projects)
        notices: list[str] = []
        projects = []
        try:
            raw_projects = split_ids(get_all(params, "project"))
        except Exception:  # a mangled mapping must not take the page down
            raw_projects = []
            notices.append(t("Ignored an unreadable project parameter."))
        for pid in raw_projects:
            if pid in known:
                projects.append(pid)
            else:
                notices.append(t("Ignored unknown project {value}.").format(value=shown(pid)))
        years = None
        raw_years = get_all(params, "years")
        if raw_years:
            try:
                years = parse_years(raw_years[-1])
            except ValueError:
                notices.append(
                    t("Ignored years {value}: use 2019-2022 or 2019.").format(
                        value=shown(raw_years[-1])
                    )
                )
        return cls(tuple(projects), years), notices

    def to_query_params(self) -> dict[str, str]:
        """The URL parameters that reproduce these filters."""
        params = {}
        if self.projects:
            params["project"] = ",".join(self.projects)
        if self.years:
            first, last = self.years
            params["years"] = str(first) if first == last else f"{first}-{last}"
        return params

    def selected_projects(self, projects: pd.DataFrame) -> pd.DataFrame:
        """Rows of the projects table that are chosen and active in the years."""
        chosen = projects if not self.projects else projects[projects["id"].isin(self.projects)]
        if self.years is None:
            return chosen
        return chosen[[self._active(row) for row in chosen.itertuples()]]

    def _active(self, project) -> bool:
        return self._overlaps(project.start_date, project.end_date)

    def _overlaps(self, start: str, end: str) -> bool:
        first, last = self.years
        return dates.first_day(start).year <= last and dates.last_day(end).year >= first

    def apply(self, layer: str, gdf: gpd.GeoDataFrame, projects: pd.DataFrame) -> gpd.GeoDataFrame:
        """The features of ``layer`` these filters show, by the layer's rule (geo/layers)."""
        rule = FILTERS[layer]
        if rule not in RULES:
            raise ValueError(f"layer {layer}: no filter rule {rule!r} (known: {', '.join(RULES)})")
        if rule == "dates":
            keep = pd.Series(True, index=gdf.index, dtype=bool)
            if self.projects:
                keep &= gdf["project_ids"].map(lambda ids: bool(set(ids) & set(self.projects)))
            if self.years:
                keep &= pd.Series(
                    [
                        self._overlaps(s, e)
                        for s, e in zip(gdf["start_date"], gdf["end_date"], strict=True)
                    ],
                    index=gdf.index,
                    dtype=bool,
                )
            return gdf[keep]
        if rule == "leg_years":
            return gdf[self._routes_shown(gdf, projects)]
        if not self.projects and self.years is None:
            return gdf
        if rule == "hub_designation" and "designated" in gdf:
            return gdf[self._hubs_shown(gdf, projects)]
        active = set(self.selected_projects(projects)["id"])
        return gdf[gdf["project_ids"].map(lambda ids: bool(set(ids) & active))]

    def _hubs_shown(self, gdf: gpd.GeoDataFrame, projects: pd.DataFrame) -> pd.Series:
        # A hub shows while a project naming it runs, from the year its choice was reported.
        last_year = {
            row.id: self.project_window(row)[1]
            for row in self.selected_projects(projects).itertuples()
        }
        return pd.Series(
            [
                any(
                    pid in last_year
                    and (
                        not isinstance(since, str) or dates.first_day(since).year <= last_year[pid]
                    )
                    for pid in ids or []
                )
                for ids, since in zip(gdf["project_ids"], gdf["designated"], strict=True)
            ],
            index=gdf.index,
            dtype=bool,
        )

    def _routes_shown(self, gdf: gpd.GeoDataFrame, projects: pd.DataFrame) -> pd.Series:
        spans = [leg_years(leg) for leg in gdf.drop(columns="geometry").to_dict("records")]
        keep = pd.Series(True, index=gdf.index, dtype=bool)
        if self.years:
            keep &= pd.Series([_meets(s, *self.years) for s in spans], index=gdf.index, dtype=bool)
        if self.projects:
            # A leg shows for a project where it runs through a country the project covers
            # while the project runs: its observed years meet the project's (within the view's).
            windows = [
                (set(row.countries or []), *self.project_window(row))
                for row in self.selected_projects(projects).itertuples()
            ]
            keep &= pd.Series(
                [
                    any(set(cs or []) & covered and _meets(s, a, b) for covered, a, b in windows)
                    for cs, s in zip(gdf["countries"], spans, strict=True)
                ],
                index=gdf.index,
                dtype=bool,
            )
        return keep

    def project_window(self, project) -> tuple[int, int]:
        """The years a project runs, within the view's years."""
        first = dates.first_day(project.start_date).year
        last = dates.last_day(project.end_date).year
        if self.years:
            first, last = max(first, self.years[0]), min(last, self.years[1])
        return first, last

    def describe(
        self, project_names: Mapping[str, str], t: Callable[[str], str] = lambda s: s
    ) -> str:
        """These filters in words, for the caption under each map (``t`` translates).

        >>> Filters(("xamt14",), (2008, 2008)).describe({"xamt14": "XAMT14"})
        'XAMT14, in 2008'
        """
        if self.projects:
            names = [project_names.get(p, p) for p in self.projects]
            who = names[0]
            if len(names) > 1:
                who = t("{names} and {last}").format(names=", ".join(names[:-1]), last=names[-1])
        else:
            who = t("All projects")
        if not self.years:
            when = t("all years")
        elif self.years[0] == self.years[1]:
            when = t("in {year}").format(year=self.years[0])
        else:
            when = f"{self.years[0]}–{self.years[1]}"
        return t("{who}, {when}").format(who=who, when=when)


def _is_year(value: object) -> bool:
    return isinstance(value, numbers.Integral) and not isinstance(value, bool)


def export_filename(stem: str, filters: Filters, ext: str) -> str:
    """The name of a download of ``stem`` (a layer, the bundle, the map) under ``filters``.

    The chosen projects and years follow the stem, so that files saved from different views
    do not overwrite one another; with no filter the name is the stem alone. Names are ASCII
    letters, digits, ``-`` and ``_`` only, at most :data:`FILENAME_MAX` characters before the
    extension (a longer one is cut and ends with a short hash of the whole), so they are
    safe on every system.

    Parameters
    ----------
    stem : str
        What the file holds, e.g. ``"events"`` or ``"north-africa-smuggling-routes"``.
    filters : Filters
        The view's filters.
    ext : str
        The extension, without its dot: ``"geojson"``, ``"zip"``, ``"pdf"``...

    Examples
    --------
    >>> export_filename("events", Filters(("dismantling",), (2019, 2021)), "geojson")
    'events_dismantling_2019-2021.geojson'
    >>> export_filename("map", Filters(("xamt14", "gloact-bgd"), (2008, 2008)), "html")
    'map_xamt14_gloact-bgd_2008.html'
    >>> export_filename("north-africa-smuggling-routes", Filters(), "zip")
    'north-africa-smuggling-routes.zip'
    """
    # A project id with no ASCII letter still marks the name, by a hash of itself.
    parts = [_slug(stem) or "export", *(_slug(p) or _digest(p) for p in filters.projects)]
    years = filters.to_query_params().get("years")
    if years:
        parts.append(years)
    name = "_".join(part for part in parts if part)
    if len(name) > FILENAME_MAX:
        digest = _digest(name)
        name = name[: FILENAME_MAX - len(digest) - 1].rstrip("_-") + "_" + digest
    extension = re.sub(r"[^a-z0-9.]+", "", ext.lower()).strip(".")
    return f"{name}.{extension}" if extension else name


def export_command(layer: str, filters: Filters) -> str:
    """The ``python -m geo export`` command that writes ``layer`` under ``filters``.

    Project ids are quoted for a POSIX shell, so whatever they hold stays one argument.

    >>> print(export_command("events", Filters(("dismantling",), (2019, 2021))))
    python -m geo export events --project dismantling --years 2019-2021 -o events_dismantling_...
    >>> print(export_command("events", Filters(("it's",))))
    python -m geo export events --project 'it'"'"'s' -o events_it-s.geojson
    """
    words = ["python", "-m", "geo", "export", layer]
    for project in filters.projects:
        words += ["--project", project]
    years = filters.to_query_params().get("years")
    if years:
        words += ["--years", years if "-" in years else f"{years}-{years}"]
    words += ["-o", export_filename(layer, filters, "geojson")]
    return shlex.join(words)


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "replace")).hexdigest()[:8]


def _slug(text: str) -> str:
    """``text`` as lower-case ASCII letters, digits and single hyphens (accents dropped).

    >>> _slug("GLO.ACT Bangladesh"), _slug("Égypte"), _slug("القطرون")
    ('glo-act-bangladesh', 'egypte', '')
    """
    ascii_text = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode()
    return _UNSAFE.sub("-", ascii_text.lower()).strip("-")


def get_all(params: Mapping[str, str | list[str]], key: str) -> list[str]:
    """Every value of ``key``, from Streamlit's query params or a plain mapping.

    >>> get_all({"project": ["a", "b"]}, "project"), get_all({}, "years")
    (['a', 'b'], [])
    """
    getter = getattr(params, "get_all", None)
    if callable(getter):
        return [str(v) for v in getter(key)]
    value = params.get(key)
    if value is None:
        return []
    return [str(v) for v in value] if isinstance(value, (list, tuple)) else [str(value)]


def leg_years(leg: Mapping) -> tuple[int, int] | list[int]:
    """The years a route leg shows in: a period, or a list of single years.

    Its own sources' period when one of them is dated. Else, an indicative leg (drawn to
    join its route) shows in its route's dated years; a documented leg that no source dates
    shows in none: only when the view chooses no years.

    >>> leg_years({"observed_from": 2012, "observed_to": 2014})
    (2012, 2014)
    >>> undated = {"observed_from": None, "route_years": [2006, 2024]}
    >>> leg_years({**undated, "confidence": "indicative"}), leg_years(undated)
    ([2006, 2024], [])
    """
    first, last = leg.get("observed_from"), leg.get("observed_to")
    if _is_year(first) and _is_year(last):
        return (first, last)
    route_years = leg.get("route_years")
    if leg.get("confidence") != "indicative" or not isinstance(route_years, list):
        return []
    return [y for y in route_years if _is_year(y)]


def _meets(years: tuple[int, int] | list[int], first: int, last: int) -> bool:
    """Whether a leg's years (a period, or a list of single years) meet ``first``..``last``.

    >>> _meets((2012, 2014), 2014, 2020), _meets([2006, 2024], 2010, 2020)
    (True, False)
    """
    if isinstance(years, tuple):
        return years[0] <= last and years[1] >= first
    return any(first <= y <= last for y in years)
