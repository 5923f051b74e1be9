"""The honours findings name the counties concerned, from the records as of a date."""

from __future__ import annotations

from datetime import date

import pytest

from gonghui.honors.findings import findings
from gonghui.honors.models import HonourLevel, ModelWorkerVisit, Nomination, Studio
from gonghui.honors.tests import factories

pytestmark = pytest.mark.django_db


def by_kind(org: object, as_of: date) -> dict[str, object]:
    return {f.kind: f for f in findings(org, as_of)}  # type: ignore[arg-type]


def test_provincial_model_workers_not_visited_this_year_are_named_by_county(tree) -> None:
    visited = factories.model_worker(tree.jianning_union, name="甲")
    factories.model_worker(tree.taining_union, name="乙")
    factories.model_worker(tree.taining_union, name="丙", level=HonourLevel.CITY)
    ModelWorkerVisit.objects.create(
        model_worker=visited, visited_on=date(2018, 4, 26), visitor="市委书记"
    )

    found = by_kind(tree.city, date(2018, 6, 30))["honors.not_visited"]

    assert found.orgs == ["泰宁"]  # type: ignore[attr-defined]
    assert "泰宁1名" in found.title  # type: ignore[attr-defined]
    # Before the visit, 建宁's model worker was not visited yet either.
    earlier = by_kind(tree.city, date(2018, 3, 31))["honors.not_visited"]
    assert earlier.orgs == ["泰宁", "建宁"]  # type: ignore[attr-defined]


def test_counties_with_no_studio_are_named(tree) -> None:
    Studio.objects.create(
        name="建宁工作室", org=tree.jianning_union, set_up_on=date(2016, 4, 28), level="city"
    )

    assert by_kind(tree.city, date(2018, 6, 30))["honors.no_studio"].orgs == ["泰宁"]  # type: ignore[attr-defined]
    assert by_kind(tree.city, date(2015, 6, 30))["honors.no_studio"].orgs == ["泰宁", "建宁"]  # type: ignore[attr-defined]
    assert "honors.no_studio" not in by_kind(tree.jianning, date(2018, 6, 30))


def test_a_round_short_of_front_line_workers_is_a_city_finding(tree) -> None:
    factories.nomination(tree.jianning_union, "甲", front_line=False)
    for nomination in Nomination.objects.all():
        nomination.reviewed_on = date(2018, 4, 12)
        nomination.save()

    found = by_kind(tree.city, date(2018, 6, 30))["honors.front_line_short"]

    assert "还差1名" in found.title  # type: ignore[attr-defined]
    assert "honors.front_line_short" not in by_kind(tree.jianning, date(2018, 6, 30))
