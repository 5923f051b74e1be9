"""A city's figures computed once, grouped by county, and kept for each county (分县预计算).

The dashboard compares the city's counties on the same figures; computed county by county
that is one query per county and figure (at province scale, 100 counties: seconds after each
change). The city's own query already reads every county's rows, so grouping it by county
gives each county's figure in the same pass, kept as one cache entry per city (not one per
county: the default cache holds 300 entries). Only counties whose figure is exactly their own
rows are kept: no org merged into them (their scope would take in the predecessor's rows) and
no county-level union below them. The others are computed alone, as before.

Two ways to group: by the county stored next to each record (`county_id`, as county_scope_q
counts), or by the county the record's org lies under in the tree (`county_prefix`, as
`in_org` counts: the org path's first link below the city).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any, TypeVar

from django.db.models import F, QuerySet, Value
from django.db.models.functions import StrIndex, Substr

from gonghui.core import figure_cache
from gonghui.orgs.models import Level, Org, moved_after, tree_day

T = TypeVar("T")


def county_ids(org: Org) -> list[int]:
    """The counties whose stored `county_id` rows count for the org (as county_scope_q)."""
    return list(Org.objects.subtree(org).filter(level=Level.COUNTY).values_list("pk", flat=True))


def exact_counties(org: Org, version: int | str | None = None) -> list[int]:
    """The counties of the org's subtree whose own figures are their `county_id` rows (and the
    rows under their own path: nothing merged into them)."""
    return _layout(org, version)[1]


def _layout(org: Org, version: int | str | None) -> tuple[dict[str, int], list[int]]:
    """(the org's children by path, its exact counties), read once a data version: every
    figure's pass for the city needs them."""

    def compute() -> tuple[dict[str, int], list[int]]:
        children = dict(Org.objects.filter(parent=org).values_list("path", "pk"))
        counties = list(
            Org.objects.subtree(org).filter(level=Level.COUNTY).values_list("pk", "path")
        )
        ids = [pk for pk, _ in counties]
        absorbing = set(
            Org.objects.filter(successor_id__in=ids).values_list("successor_id", flat=True)
        )
        paths = [path for _, path in counties]
        exact = [
            pk
            for pk, path in counties
            if pk not in absorbing and not any(p != path and p.startswith(path) for p in paths)
        ]
        return children, exact

    version = figure_cache.current(figure_cache.TREE) if version is None else version
    return figure_cache.cached(f"county_pass.layout:{org.pk}", version, compute)


def keep(
    key: str, version: int | str, values: dict[int, T], empty: Callable[[], T], counties: list[int]
) -> None:
    """Cache the counties' values as one entry (the empty value for a county without rows),
    under the version read before the grouped query ran (never a newer one)."""
    figure_cache.cached(key, version, lambda: {pk: values.get(pk, empty()) for pk in counties})


def kept(org: Org, key: Callable[[int], str], version: int | str | None = None) -> T | None:
    """A county's value from its city's grouped pass under the current version of the key's
    module ("module.figure…"; or the given version, read now), if one ran and the county's
    figure is exactly its own rows; else None."""
    if org.level != Level.COUNTY or org.parent_id is None or moved_after(tree_day()):
        return None
    city_key = key(org.parent_id)
    version = figure_cache.current(city_key.split(".", 1)[0]) if version is None else version
    grouped = figure_cache.cached(city_key, version, lambda: None)
    return grouped.get(org.pk) if grouped else None


def applies(org: Org) -> bool:
    """Whether the org's figures are computed grouped by county, each county's kept (the city:
    see county_scope_q for the stored county, `county_prefix` for the tree), unless the day
    the figure reads (`tree_day()`) lies before a move: then today's paths and stored
    counties are not that day's, and the org's figure is computed alone on the dated tree."""
    return org.level == Level.CITY and not moved_after(tree_day())


def county_prefix(city: Org, path_field: str = "org__path") -> Substr:
    """SQL: the path of the city's child a row's org lies under ("/city/child/"), so that
    grouping by it counts each county's rows exactly as `in_org(county)` does (a path under
    the county starts with the county's path). Rows of the city itself, or outside its path,
    get a prefix that names no county."""
    start = len(city.path)
    rest = Substr(F(path_field), start + 1)
    return Substr(F(path_field), 1, StrIndex(rest, Value("/")) + Value(start))


def prefix_of(city: Org, path: str) -> str | None:
    """`county_prefix` in Python: the path of the city's child the path lies under, if any."""
    if not path.startswith(city.path) or path == city.path:
        return None
    return f"{city.path}{path[len(city.path) :].split('/', 1)[0]}/"


def by_path(city: Org, rows: dict[str, T], version: int | str | None = None) -> dict[int, T]:
    """The grouped values keyed by prefix (`county_prefix`) keyed by the county's id instead."""
    children = _layout(city, version)[0]
    return {children[prefix]: value for prefix, value in rows.items() if prefix in children}


def tree_figures(
    name: str,
    org: Org,
    as_of: date,
    rows: QuerySet[Any],
    path_field: str,
    aggregates: dict[str, Any],
    city_totals: Callable[[], dict[str, int]] | None = None,
) -> dict[str, int]:
    """Aggregates (counts, sums) of the org's rows (`rows`, selected with `in_org(org)`). For
    the city they are computed grouped by the county each row's org lies under (`path_field`)
    and cached by the data version under `name` ("module.figure"), each exact county's kept
    for its own request; the city's are the groups summed, or `city_totals()` for aggregates
    that do not add up across counties. Any other org's are one aggregate query."""

    def key(org_id: int, what: str = "") -> str:
        return f"{name}{what}:{org_id}:{as_of}"

    def alone() -> dict[str, int]:
        totals = rows.order_by().aggregate(**aggregates)
        return {k: int(v or 0) for k, v in totals.items()}

    if org.level != Level.COUNTY and not applies(org):
        return alone()  # one query, nothing to read from a pass or to keep
    if org.level == Level.COUNTY and moved_after(tree_day()):
        return alone()  # one query, nothing to read from a pass or to keep
    # Before the query: the values are at least as new. The version of the figure's module.
    version = figure_cache.current(name.split(".", 1)[0])
    if not applies(org):
        from_city: dict[str, int] | None = kept(org, lambda city: key(city, ".counties"), version)
        return from_city if from_city is not None else alone()

    def compute() -> dict[str, int]:
        grouped = (
            rows.order_by()
            .annotate(prefix=county_prefix(org, path_field))
            .values("prefix")
            .annotate(**aggregates)
        )
        values = {r["prefix"]: {k: int(r[k] or 0) for k in aggregates} for r in grouped}
        keep(
            key(org.pk, ".counties"),
            version,
            by_path(org, values, version),
            lambda: dict.fromkeys(aggregates, 0),
            exact_counties(org, version),
        )
        if city_totals is not None:
            return city_totals()
        return {k: sum(v[k] for v in values.values()) for k in aggregates}

    return figure_cache.cached(key(org.pk), version, compute)
