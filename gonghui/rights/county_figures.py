"""The rights key figures, for the city computed once grouped by county and kept for each
county's comparison row (see gonghui.core.county_pass.tree_figures)."""

from __future__ import annotations

from datetime import date

from django.db.models import Count, Sum

from gonghui.core.county_pass import tree_figures
from gonghui.orgs.models import Org
from gonghui.rights.models import SupervisionCommittee
from gonghui.rights.models.petitions import PetitionQuerySet, cases_expression


def petition_counts(org: Org, as_of: date, petitions: PetitionQuerySet) -> dict[str, int]:
    """Cases (件) and person visits (人次) of the petitions received this year to the date
    (`petitions`: the org's, as `petitions_ytd` selects them)."""
    start = date(as_of.year, 1, 1)
    counts = {"cases": cases_expression(start), "persons": Sum("persons")}

    def city_totals() -> dict[str, int]:
        # Cases do not add up across counties (a repeat may be registered in another county).
        totals = petitions.order_by().aggregate(**counts)
        return {k: int(v or 0) for k, v in totals.items()}

    return tree_figures("rights.petitions", org, as_of, petitions, "org__path", counts, city_totals)


def committee_count(org: Org, as_of: date) -> int:
    """Supervision committees set up on or before the date in the org's subtree."""
    committees = SupervisionCommittee.objects.in_org(org).filter(set_up_on__lte=as_of)
    counts = {"n": Count("pk")}
    return tree_figures("rights.committees", org, as_of, committees, "union__path", counts)["n"]
