"""Hardship fixtures: the 低保 standards of the test counties and a way to make households."""

from __future__ import annotations

import itertools
from datetime import date, timedelta
from decimal import Decimal

import pytest

from gonghui.conftest import Tree, staff_actor
from gonghui.core import idnumbers
from gonghui.hardship import actions
from gonghui.hardship.models import Household, MinimumLivingStandard
from gonghui.orgs.models import Org

_sequence = itertools.count(11)


def make_id(region: str = "350430", born: date = date(1975, 5, 20), male: bool = True) -> str:
    """A valid, fresh ID number (odd sequence for men, even for women)."""
    seq = next(_sequence) * 2 + (1 if male else 0)
    first17 = f"{region}{born:%Y%m%d}{seq % 1000:03d}"
    return first17 + idnumbers.check_char(first17)


@pytest.fixture
def standards(tree: Tree) -> None:
    for county in (tree.jianning, tree.taining):
        for year in range(2016, 2019):
            MinimumLivingStandard.objects.create(
                org=county, year=year, monthly_amount=Decimal(500 + 20 * (year - 2016))
            )


def survey(
    org: Org,
    *,
    head_id: str | None = None,
    incomes: tuple[int, ...] = (900, 0),
    surveyed_on: date = date(2017, 3, 1),
    level: str = "county",
    user: object = None,
) -> Household:
    """A surveyed household of len(incomes) members (the first is the head)."""
    members = [
        actions.MemberInput(
            name=f"成员{i}",
            id_number=head_id if (i == 0 and head_id) else make_id(),
            relationship="self" if i == 0 else "child",
            monthly_income=Decimal(income),
        )
        for i, income in enumerate(incomes)
    ]
    members[0].name = "王建国"
    return actions.survey_household(
        user or staff_actor(),
        actions.SurveyInput(
            org=org, surveyed_on=surveyed_on, members=members, level=level, causes=["illness"]
        ),
    )


def archived(org: Org, archived_on: date = date(2017, 4, 1), **kwargs: object) -> Household:
    """A household surveyed a month before and archived on the date."""
    household = survey(org, surveyed_on=archived_on - timedelta(days=30), **kwargs)  # type: ignore[arg-type]
    return actions.archive_household(staff_actor(), household, archived_on)
