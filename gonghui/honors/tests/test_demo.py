"""The demo's honours part: the mid-2018 state comes out of the records."""

from __future__ import annotations

from datetime import date

from gonghui.core import indicators
from gonghui.honors.findings import findings
from gonghui.honors.models import Competition, ModelWorkerVisit, Participant
from gonghui.orgs.models import Org
from gonghui.testing import Demo

MID_YEAR = date(2018, 6, 30)


def test_the_demo_shows_the_speechs_honours_as_of_mid_2018(demo: Demo) -> None:
    assert "5项劳动竞赛" in demo.summary("honors")
    city = Org.objects.get(admin_code="350400")

    def value(name: str, as_of: date = MID_YEAR) -> object:
        return indicators.compute(name, city, as_of).value

    assert value("honors.model_workers") > value("honors.model_workers", date(2018, 3, 31))
    assert value("honors.model_workers_provincial_up") > 0
    assert value("honors.competitions_running") == 3
    assert value("honors.awards") == 10
    assert value("honors.visits") > 0
    # The city party secretary's visit before 1 May.
    assert ModelWorkerVisit.objects.filter(
        visited_on=date(2018, 4, 26), visitor__contains="市委书记"
    ).exists()
    # The key-project competition in the five poverty counties, and only there.
    poverty = Competition.objects.get(title__contains="扶贫开发重点县")
    counties = {
        Org.objects.get(pk=int(p.org.path.strip("/").split("/")[1])).short_name
        for p in Participant.objects.filter(competition=poverty).select_related("org")
    }
    assert counties == {"明溪", "清流", "宁化", "建宁", "泰宁"}
    found = {f.kind: f for f in findings(city, MID_YEAR)}
    assert found["honors.not_visited"].orgs == ["明溪", "尤溪"]
    assert found["honors.no_studio"].orgs == ["明溪", "清流"]
    assert "还差1名" in found["honors.front_line_short"].title
