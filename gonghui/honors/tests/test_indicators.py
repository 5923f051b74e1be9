"""The honours figures come from dated records, for any org subtree and any past date."""

from __future__ import annotations

from datetime import date

import pytest

from gonghui.core import indicators
from gonghui.honors.models import (
    Award,
    AwardKind,
    Craftsman,
    HonourLevel,
    ModelWorkerVisit,
    Studio,
)
from gonghui.honors.tests import factories

pytestmark = pytest.mark.django_db


def value(name: str, org: object, as_of: date) -> object:
    return indicators.compute(name, org, as_of).value  # type: ignore[arg-type]


def test_model_workers_count_titles_given_by_the_date_in_the_subtree(tree) -> None:
    factories.model_worker(tree.jianning_union, awarded_on=date(2014, 4, 28))
    factories.model_worker(
        tree.jianning_union, level=HonourLevel.CITY, awarded_on=date(2018, 4, 27)
    )
    factories.model_worker(tree.taining_union, level=HonourLevel.NATIONAL)

    assert value("honors.model_workers", tree.jianning, date(2018, 6, 30)) == 2
    assert value("honors.model_workers", tree.jianning, date(2018, 3, 31)) == 1
    assert value("honors.model_workers", tree.city, date(2018, 6, 30)) == 3
    assert value("honors.model_workers", tree.city, date(2010, 1, 1)) == 0
    assert value("honors.model_workers_provincial_up", tree.jianning, date(2018, 6, 30)) == 1
    assert value("honors.model_workers_provincial_up", tree.city, date(2018, 6, 30)) == 2


def test_studios_count_from_the_day_they_were_named(tree) -> None:
    Studio.objects.create(
        name="张建国劳模创新工作室",
        org=tree.jianning_union,
        set_up_on=date(2016, 4, 28),
        level=HonourLevel.CITY,
    )
    Studio.objects.create(
        name="泰宁工作室", org=tree.taining_union, set_up_on=date(2018, 5, 1), level="city"
    )

    assert value("honors.studios", tree.city, date(2018, 6, 30)) == 2
    assert value("honors.studios", tree.city, date(2018, 4, 30)) == 1
    assert value("honors.studios", tree.taining, date(2018, 4, 30)) == 0


def test_a_city_competition_counts_as_running_for_the_counties_taking_part(tree) -> None:
    safety = factories.competition(
        tree.city, starts_on=date(2018, 4, 1), ends_on=date(2018, 11, 30)
    )
    factories.participant(safety, tree.jianning_union)
    factories.competition(
        tree.city, title="技能竞赛", starts_on=date(2018, 4, 10), ends_on=date(2018, 5, 20)
    )

    assert value("honors.competitions_running", tree.city, date(2018, 6, 30)) == 1
    assert value("honors.competitions_running", tree.city, date(2018, 5, 1)) == 2
    assert value("honors.competitions_running", tree.city, date(2018, 3, 1)) == 0
    assert value("honors.competitions_running", tree.jianning, date(2018, 6, 30)) == 1
    assert value("honors.competitions_running", tree.taining, date(2018, 6, 30)) == 0


def test_awards_and_visits_count_the_year_to_date_only(tree) -> None:
    comp = factories.competition(tree.city, starts_on=date(2017, 4, 1), ends_on=date(2017, 11, 30))
    for day in (date(2017, 12, 20), date(2018, 5, 25), date(2018, 7, 1)):
        Award.objects.create(
            kind=AwardKind.TEAM,
            name="机修班",
            title="优胜班组",
            competition=comp,
            org=tree.jianning_union,
            awarded_on=day,
        )
    worker = factories.model_worker(tree.jianning_union)
    for day in (date(2017, 4, 28), date(2018, 4, 26), date(2018, 5, 2)):
        ModelWorkerVisit.objects.create(model_worker=worker, visited_on=day, visitor="市总工会")

    assert value("honors.awards", tree.city, date(2018, 6, 30)) == 1
    assert value("honors.awards", tree.city, date(2017, 12, 31)) == 1
    assert value("honors.awards", tree.taining, date(2018, 12, 31)) == 0
    assert value("honors.visits", tree.jianning, date(2018, 6, 30)) == 2
    assert value("honors.visits", tree.jianning, date(2018, 4, 30)) == 1
    assert value("honors.visits", tree.jianning, date(2017, 12, 31)) == 1
    assert value("honors.visits", tree.taining, date(2018, 6, 30)) == 0


def test_craftsmen_are_kept_by_year(tree) -> None:
    Craftsman.objects.create(name="王师傅", org=tree.jianning_union, year=2017, trade="钳工")
    assert Craftsman.objects.in_org(tree.jianning).count() == 1
    assert Craftsman.objects.in_org(tree.taining).count() == 0
