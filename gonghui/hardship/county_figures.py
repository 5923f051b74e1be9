"""The city's hardship figures computed once, grouped by county, and stored in the figure
cache under each county's own key too (分县预计算).

The dashboard compares the city's counties on the same figures; computed county by county
that is one query per county and figure (at province scale, 100 counties: seconds after each
change). The city's own query already reads every county's rows, so grouping it by the
stored county gives each county's figure in the same pass, kept as one cache entry per city
(not one per county: the default cache holds 300 entries). Only counties whose figure is
exactly their own `county_id` rows are stored: no org merged into them (their scope would
take in the predecessor's rows) and no county-level union below them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from gonghui.core import figure_cache
from gonghui.orgs.models import Level, Org

T = TypeVar("T")


def county_ids(org: Org) -> list[int]:
    """The counties whose stored `county_id` rows count for the org (as county_scope_q)."""
    return list(Org.objects.subtree(org).filter(level=Level.COUNTY).values_list("pk", flat=True))


def exact_counties(org: Org) -> list[int]:
    """The counties of the org's subtree whose own figures are their `county_id` rows."""
    counties = list(Org.objects.subtree(org).filter(level=Level.COUNTY).values_list("pk", "path"))
    ids = [pk for pk, _ in counties]
    absorbing = set(Org.objects.filter(successor_id__in=ids).values_list("successor_id", flat=True))
    paths = [path for _, path in counties]
    return [
        pk
        for pk, path in counties
        if pk not in absorbing and not any(p != path and p.startswith(path) for p in paths)
    ]


def keep(
    key: str, version: int, values: dict[int, T], empty: Callable[[], T], counties: list[int]
) -> None:
    """Cache the counties' values as one entry (the empty value for a county without rows),
    under the version read before the grouped query ran (never a newer one)."""
    figure_cache.cached(key, version, lambda: {pk: values.get(pk, empty()) for pk in counties})


def kept(org: Org, key: Callable[[int], str]) -> T | None:
    """A county's value from its city's grouped pass under the current version, if one ran
    and the county's figure is exactly its own rows; None otherwise."""
    if org.level != Level.COUNTY or org.parent_id is None:
        return None
    grouped = figure_cache.cached(key(org.parent_id), figure_cache.current(), lambda: None)
    return grouped.get(org.pk) if grouped else None


def applies(org: Org) -> bool:
    """Whether the org's figures come from the stored county (the city: see county_scope_q)."""
    return org.level == Level.CITY
