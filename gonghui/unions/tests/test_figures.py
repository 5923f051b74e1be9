from datetime import date

import pytest

from gonghui.conftest import staff_actor
from gonghui.core import indicators
from gonghui.funds.tests.helpers import receipt
from gonghui.orgs.models import Level, Org
from gonghui.unions import actions, findings, queries
from gonghui.unions.models import Activity, Body, JointMeeting
from gonghui.unions.tests.helpers import election

MID_2018 = date(2018, 6, 30)


def value(name: str, org: Org, as_of: date = MID_2018) -> float:
    return indicators.compute(name, org, as_of).value


@pytest.fixture
def terms(tree):
    """建宁 county: due in September 2018. Its union: re-elected in May 2018.
    泰宁 county: overdue since March. 泰宁's union: in the middle of its term."""
    election(tree.jianning, date(2013, 9, 1), kind="first")
    election(tree.jianning_union, date(2013, 5, 20), kind="first")
    election(tree.jianning_union, date(2018, 5, 20))
    election(tree.taining, date(2013, 3, 1), kind="first")
    election(tree.taining_union, date(2016, 1, 1), 3, kind="first")
    return tree


def test_due_overdue_and_done_are_counted_as_of_the_date(terms) -> None:
    city = terms.city
    assert value("unions.reelections_due", city) == 1  # 建宁 county
    assert value("unions.reelections_overdue", city) == 1  # 泰宁 county
    assert value("unions.reelections_done", city) == 1  # 建宁's union in May
    # On 30 April the union had not re-elected yet: its term ended on 20 May, due this year.
    assert value("unions.reelections_done", city, date(2018, 4, 30)) == 0
    assert value("unions.reelections_due", city, date(2018, 4, 30)) == 2
    # At the end of 2018 泰宁's union is due too (its 3-year term ends 1 January 2019: not yet).
    assert value("unions.reelections_overdue", city, date(2018, 12, 31)) == 2


def test_a_county_counts_only_its_own(terms) -> None:
    assert value("unions.reelections_overdue", terms.jianning) == 0
    assert value("unions.reelections_overdue", terms.taining) == 1
    assert value("unions.reelections_done", terms.jianning_town) == 1


def test_the_tracker_rows_and_the_county_unions_own_deadline(terms) -> None:
    rows = {
        r.county.short_name: r
        for r in queries.reelection_table([terms.jianning, terms.taining], MID_2018)
    }
    assert (rows["建宁"].due, rows["建宁"].overdue, rows["建宁"].done) == (1, 0, 1)
    assert rows["建宁"].own_state == "due" and rows["建宁"].own_pending_by_deadline
    assert rows["泰宁"].own_state == "overdue"


def test_findings_name_the_counties_with_overdue_and_pending_re_elections(terms) -> None:
    found = {f.kind: f for f in findings.findings(terms.city, MID_2018)}
    assert found["unions.reelections_overdue"].orgs == ["泰宁县总工会"]
    assert found["unions.county_reelection_pending"].orgs == ["泰宁县总工会", "建宁县总工会"]
    assert "11月30日前" in found["unions.county_reelection_pending"].title


def _bodies(org: Org, congress: int, committee: int, standing: int) -> None:
    for body, front in (
        (Body.CONGRESS, congress),
        (Body.COMMITTEE, committee),
        (Body.STANDING, standing),
    ):
        actions.record_body(org, body, date(2018, 1, 1), 100, front, actor=staff_actor())


def test_a_county_meets_the_front_line_share_when_all_three_bodies_do(tree) -> None:
    _bodies(tree.jianning, 50, 30, 20)
    _bodies(tree.taining, 50, 10, 20)
    assert value("unions.front_line_share_compliant_counties", tree.city) == 1
    assert value("unions.front_line_share_compliant_counties", tree.taining) == 0
    # Before the bodies were recorded nobody met it.
    assert value("unions.front_line_share_compliant_counties", tree.city, date(2017, 12, 31)) == 0


def test_a_union_with_no_dues_no_activity_and_no_valid_term_is_dormant(tree) -> None:
    old = Org.objects.create(
        name="沉睡公司工会",
        level=Level.GRASSROOTS,
        parent=tree.jianning_town,
        established_on=date(2005, 1, 1),
    )
    election(old, date(2010, 1, 1), kind="first")  # term ended 2015
    tree.jianning_union.established_on = date(2005, 1, 1)
    tree.jianning_union.save()
    receipt(tree.jianning_union, date(2018, 2, 1), 100)
    Activity.objects.create(org=tree.taining_union, held_on=date(2017, 12, 1), title="职工大会")
    assert list(queries.dormant_unions(tree.city, MID_2018)) == [old]
    Activity.objects.create(org=old, held_on=date(2018, 3, 1), title="职工大会")
    assert value("unions.dormant_unions", tree.city) == 0
    assert value("unions.dormant_unions", tree.city, date(2018, 2, 28)) == 1


def test_joint_meetings_held_and_prepared_and_their_findings(tree) -> None:
    JointMeeting.objects.create(org=tree.jianning, year=2017, held_on=date(2017, 12, 10))
    JointMeeting.objects.create(org=tree.taining, year=2017)
    JointMeeting.objects.create(
        org=tree.jianning,
        year=2018,
        preparation_started_on=date(2018, 9, 3),
        held_on=date(2018, 12, 5),
    )
    found = {f.kind: f for f in findings.findings(tree.city, MID_2018)}
    assert found["unions.joint_meeting_not_held"].orgs == ["泰宁县总工会"]
    assert "unions.joint_meeting_not_prepared" not in found
    october = {f.kind: f for f in findings.findings(tree.city, date(2018, 10, 8))}
    assert october["unions.joint_meeting_not_prepared"].orgs == ["泰宁县总工会"]
    assert value("unions.joint_meetings_prepared", tree.city, date(2018, 10, 8)) == 1
    assert value("unions.joint_meetings_held", tree.city, date(2018, 10, 8)) == 0
    assert value("unions.joint_meetings_held", tree.city, date(2018, 12, 31)) == 1


def test_a_term_ends_at_the_next_election_whatever_order_they_are_entered(tree) -> None:
    latest = election(tree.jianning_union, date(2018, 5, 1))
    first = election(tree.jianning_union, date(2010, 5, 1), kind="first")
    middle = election(tree.jianning_union, date(2014, 5, 1))
    first.refresh_from_db()
    middle.refresh_from_db()
    assert (first.superseded_on, middle.superseded_on) == (date(2014, 5, 1), date(2018, 5, 1))
    assert latest.superseded_on is None
    current = queries.current_elections(date(2016, 1, 1)).get(org=tree.jianning_union)
    assert current == middle
    middle.delete()
    first.refresh_from_db()
    assert first.superseded_on == date(2018, 5, 1)
    assert queries.current_elections(date(2016, 1, 1)).get(org=tree.jianning_union) == first
