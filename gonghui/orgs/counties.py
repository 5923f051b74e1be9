"""County-level unions (县级工会) seen from any org: which county a unit lies under, the
counties a user or an org covers, and merged counties mapped to their successors. Modules
that store a county next to each record (dues, elections, service points) group by it."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Q

from gonghui.orgs.models import Level, Org, moved_after, subtree_q, tree_day
from gonghui.orgs.scoping import visible_orgs


def county_id_of(org: Org) -> int | None:
    """The id of the county-level union (县级工会) an org lies under, itself included."""
    if org.level == Level.COUNTY:
        return org.pk
    # "/city/county/…/": the county is the second link of the path.
    parts = [int(p) for p in org.path.strip("/").split("/") if p]
    return parts[1] if len(parts) > 2 else None


def county_scope_q(org: Org, org_field: str | None = "org", county_field: str = "county") -> Q:
    """Rows counting for the org on `tree_day()`, for models that store their county next
    to their org.

    For the city and a county the stored county answers (an indexed id list, no join to the
    tree), and for the city also the rows of no county (本级: the city's own records and
    those of units directly under it, matched by their org). Below a county, or on a day
    before some move (the stored county is today's), the row's org path does. A model
    without an org column (`org_field=None`, monthly totals by county) gets the stored
    county alone: its caller adds what has no county.
    """
    day = tree_day()
    if org_field is None:
        return Q(**{f"{county_field}_id__in": county_ids_on(org, day)})
    if org.level in (Level.CITY, Level.COUNTY) and not moved_after(day):
        ids = Org.objects.subtree(org, day).filter(level=Level.COUNTY).values("pk")
        q = Q(**{f"{county_field}_id__in": ids})
        if org.level == Level.CITY:
            own = Org.objects.subtree(org, day).values("pk")
            q |= Q(**{f"{county_field}__isnull": True, f"{org_field}__in": own})
            q |= Q(**{f"{county_field}_id": org.pk})  # a required county column names the city
        return q
    return subtree_q(org, org_field, day)


def county_ids_on(org: Org, day: date) -> list[int]:
    """The county-level unions whose stored-county rows count for the org on the day."""
    if org.level == Level.COUNTY or org.level == Level.CITY:
        return list(
            Org.objects.subtree(org, day).filter(level=Level.COUNTY).values_list("pk", flat=True)
        )
    return []


def merged_into(counties: list[Org], as_of: date | None = None) -> dict[int, int]:
    """Map every county id (predecessors merged on or before the day, default `tree_day()`,
    included) to the listed county it counts for on that day."""
    day = as_of or tree_day()
    listed = {c.pk for c in counties}
    successor = dict(
        Org.objects.filter(
            level=Level.COUNTY, successor__isnull=False, succeeded_on__lte=day
        ).values_list("pk", "successor_id")
    )
    mapping = {pk: pk for pk in listed}
    for pk in successor:
        target, seen = pk, set()
        while target in successor and target not in seen:
            seen.add(target)
            target = successor[target]
        if target in listed:
            mapping[pk] = target
    return mapping


def counties_under(org: Org, as_of: date) -> list[Org]:
    """The county-level unions of the org's subtree that existed on the date (itself if a county)."""
    return list(
        Org.objects.subtree(org, as_of)
        .active_on(as_of)
        .filter(level=Level.COUNTY)
        .order_by("admin_code", "pk")
    )


def visible_counties(user: Any, as_of: date) -> list[Org]:
    """The county-level unions the user may see that existed on the date (the pages' rows)."""
    return list(
        visible_orgs(user).active_on(as_of).filter(level=Level.COUNTY).order_by("admin_code", "pk")
    )
