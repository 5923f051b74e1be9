"""Re-election, body and joint-meeting figures, computed in the database.

The tracker counts current terms per county with one grouped query: an election is current
on a date when it happened by then and the next one (`superseded_on`, kept by Election.save)
had not, and elections carry their county, so the tree is not walked.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from gonghui.funds import rules as dues_rules
from gonghui.funds.models import DuesReceipt
from gonghui.orgs.counties import county_scope_q, merged_into
from gonghui.orgs.models import Level, Org, active_q
from gonghui.unions import rules
from gonghui.unions.models import (
    Activity,
    Body,
    BodyComposition,
    Election,
    ElectionKind,
    JointMeeting,
)


def current_elections(as_of: date) -> QuerySet[Election]:
    """Each existing union's latest election on or before the date (its current term)."""
    return (
        Election.objects.filter(elected_on__lte=as_of)
        .filter(Q(superseded_on__isnull=True) | Q(superseded_on__gt=as_of))
        .filter(active_q(as_of, "org__"))
        .filter(Q(org__succeeded_on__isnull=True) | Q(org__succeeded_on__gt=as_of))
    )


def state_q(state: str, as_of: date) -> Q:
    """Current terms in a state (overdue: ended before the date; due: ends later this year)."""
    if state == rules.State.OVERDUE:
        return Q(due_on__lt=as_of)
    if state == rules.State.DUE:
        return Q(due_on__gte=as_of, due_on__lte=date(as_of.year, 12, 31))
    return Q(due_on__gt=date(as_of.year, 12, 31))


def done_in_year(as_of: date) -> QuerySet[Election]:
    """Re-elections held from 1 January to the date (first elections of new unions excluded)."""
    return Election.objects.filter(
        elected_on__gte=date(as_of.year, 1, 1), elected_on__lte=as_of
    ).exclude(kind=ElectionKind.FIRST)


def county_deadline(as_of: date) -> date:
    """The speech's deadline for the county unions' own re-elections in the date's year."""
    return date(as_of.year, *rules.COUNTY_DEADLINE)


@dataclass(frozen=True)
class CountyReelections:
    """One county's re-elections as of a date, and its own union's current term."""

    county: Org
    due: int
    overdue: int
    done: int
    own: Election | None  # the county union's own current term
    as_of: date

    @property
    def own_state(self) -> str:
        if self.own is None:
            return ""
        return rules.reelection_state(self.own.due_on, self.as_of)

    @property
    def own_state_label(self) -> str:
        return rules.State.LABELS.get(self.own_state, "无换届记录")

    @property
    def own_pending_by_deadline(self) -> bool:
        """The county union must re-elect by the deadline (30 November) and has not yet."""
        return self.own is not None and self.own.due_on <= county_deadline(self.as_of)


def reelection_table(counties: Iterable[Org], as_of: date) -> list[CountyReelections]:
    """Due, overdue and done per county, and each county union's own term: four queries."""
    counties = list(counties)
    if not counties:
        return []
    mapping = merged_into(counties)
    current = current_elections(as_of).filter(county_id__in=mapping)
    counts: dict[int, dict[str, int]] = {
        c.pk: {"due": 0, "overdue": 0, "done": 0} for c in counties
    }
    grouped = (
        current.values("county_id")
        .annotate(
            due=Count("pk", filter=state_q(rules.State.DUE, as_of)),
            overdue=Count("pk", filter=state_q(rules.State.OVERDUE, as_of)),
        )
        .order_by()
    )
    for row in grouped:
        target = counts[mapping[row["county_id"]]]
        target["due"] += row["due"]
        target["overdue"] += row["overdue"]
    done = (
        done_in_year(as_of)
        .filter(county_id__in=mapping)
        .values("county_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in done:
        counts[mapping[row["county_id"]]]["done"] += row["n"]
    own = {e.org_id: e for e in current.filter(org_id__in=[c.pk for c in counties])}
    return [CountyReelections(c, **counts[c.pk], own=own.get(c.pk), as_of=as_of) for c in counties]


def latest_bodies(orgs: Iterable[Org], as_of: date) -> dict[int, dict[str, BodyComposition]]:
    """Each org's latest make-up of each body on or before the date."""
    found: dict[int, dict[str, BodyComposition]] = {}
    rows = BodyComposition.objects.filter(org__in=list(orgs), reported_on__lte=as_of).order_by(
        "org_id", "body", "-reported_on"
    )
    for row in rows:
        found.setdefault(row.org_id, {}).setdefault(row.body, row)
    return found


def front_line_compliant(bodies: dict[str, BodyComposition]) -> bool:
    """All three bodies are recorded and each reaches its minimum front-line share."""
    return all(
        b in bodies and bodies[b].compliant for b in (Body.CONGRESS, Body.COMMITTEE, Body.STANDING)
    )


def dormant_unions(org: Org, as_of: date) -> QuerySet[Org]:
    """Grassroots unions with no dues, no activity and no valid term for DORMANT_MONTHS (休眠)."""
    since = rules.months_before(as_of, rules.DORMANT_MONTHS)
    paid = DuesReceipt.objects.filter(
        org=OuterRef("pk"),
        month__gte=dues_rules.month_start(since),
        month__lt=dues_rules.counted_before(as_of),
    )
    active = Activity.objects.filter(org=OuterRef("pk"), held_on__gt=since, held_on__lte=as_of)
    term = Election.objects.filter(org=OuterRef("pk"), elected_on__lte=as_of, due_on__gte=since)
    return (
        Org.objects.subtree(org)
        .active_on(as_of)
        .filter(level=Level.GRASSROOTS)
        .filter(Q(established_on__isnull=True) | Q(established_on__lte=since))
        .exclude(Exists(paid))
        .exclude(Exists(active))
        .exclude(Exists(term))
    )


def joint_meetings(org: Org, year: int) -> QuerySet[JointMeeting]:
    """The year's joint meetings of the org's subtree."""
    return JointMeeting.objects.in_org(org).filter(year=year)


def reelections_in(org: Org) -> Q:
    """Elections counting for the org (by the stored county where it can)."""
    return county_scope_q(org)
