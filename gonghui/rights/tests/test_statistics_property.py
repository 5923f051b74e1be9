"""Every breakdown of the statistics adds up to the totals, which equal the indicators."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gonghui.conftest import Tree
from gonghui.core import indicators
from gonghui.rights import statistics
from gonghui.rights.models import Channel, Matter, Petition
from gonghui.rights.tests import factories

petition_specs = st.lists(
    st.tuples(
        st.integers(min_value=0, max_value=400),  # days after 2017-10-01
        st.sampled_from(list(Channel)),
        st.sampled_from([Matter.WAGES_OWED, Matter.DISMISSAL]),
        st.integers(min_value=1, max_value=7),  # persons
        st.integers(min_value=0, max_value=3),  # employer: few, so that repeats happen
        st.booleans(),  # 建宁 or 泰宁
    ),
    max_size=12,
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(specs=petition_specs)
def test_breakdowns_add_up_to_the_totals_and_match_the_indicators(tree: Tree, specs: list) -> None:  # type: ignore[type-arg]
    Petition.objects.all().delete()
    for days, channel, matter, persons, employer, in_jianning in sorted(specs):
        factories.petition(
            tree.jianning if in_jianning else tree.taining,
            received_on=date(2017, 10, 1) + timedelta(days=days),
            channel=channel,
            matter=matter,
            persons=persons,
            employer_name=f"公司{employer}",
        )
    as_of = date(2018, 11, 5)
    s = statistics.compute(Petition.objects.all(), date(2018, 1, 1), as_of, as_of)
    for rows in (s.by_channel, s.by_matter, s.by_county, s.by_month):
        assert sum(r.cases for r in rows) == s.cases
        assert sum(r.persons for r in rows) == s.persons
    assert s.cases == indicators.compute("rights.petition_cases", tree.city, as_of).value
    assert s.persons == indicators.compute("rights.petition_persons", tree.city, as_of).value
    # A case is counted once: never more cases than petitions, never fewer than first ones.
    in_year = Petition.objects.filter(received_on__gte=date(2018, 1, 1))
    assert in_year.filter(repeat_of__isnull=True).count() <= s.cases <= in_year.count()


def test_repeats_of_last_years_case_count_once_in_the_cell_of_the_first_repeat(tree: Tree) -> None:
    factories.petition(tree.jianning, received_on=date(2017, 12, 20))
    factories.petition(tree.jianning, received_on=date(2018, 1, 5), channel=Channel.CALL)
    factories.petition(tree.jianning, received_on=date(2018, 2, 1), channel=Channel.LETTER)
    s = statistics.compute(
        Petition.objects.all(), date(2018, 1, 1), date(2018, 6, 30), date(2018, 6, 30)
    )
    assert s.cases == 1
    assert {r.label: r.cases for r in s.by_channel if r.cases} == {"来电": 1}
    assert {r.label: r.cases for r in s.by_month if r.cases} == {"2018年01月": 1}
    assert indicators.compute("rights.petition_cases", tree.city, date(2018, 6, 30)).value == 1
