"""The organization-building demo, opened at mid-2018, shows what the speech says — found from
records: dues near 20% in 清流 and shrinking in 泰宁, palaces with no movement in five counties,
county re-elections due before the end of November, 8 counties meeting the front-line share,
two counties without a 2017 joint meeting."""

from datetime import date

from gonghui.core import indicators
from gonghui.facilities import findings as facilities_findings
from gonghui.funds import findings as funds_findings
from gonghui.orgs.models import Org
from gonghui.testing import Demo
from gonghui.unions import findings as unions_findings

MID_2018 = date(2018, 6, 30)


def _short(orgs: list[str]) -> set[str]:
    return set(Org.objects.filter(name__in=orgs).values_list("short_name", flat=True))


def test_the_mid_year_demo_tells_the_speechs_organization_story(demo: Demo) -> None:
    city = demo.city

    def value(name: str) -> float:
        return indicators.compute(name, city, MID_2018).value

    dues = {f.kind: f for f in funds_findings.findings(city, MID_2018)}
    assert _short(dues["funds.below_schedule"].orgs) == {"清流"}
    assert "清流（21.0%）" in dues["funds.below_schedule"].title
    assert _short(dues["funds.negative_growth"].orgs) == {"泰宁"}
    assert 45 <= value("funds.dues_share_of_plan") <= 60

    (stalled,) = facilities_findings.findings(city, MID_2018)
    assert _short(stalled.orgs) == {"梅列", "永安", "明溪", "沙县", "泰宁"}
    assert value("facilities.palaces_started") == 1  # 建宁
    assert value("facilities.projects_no_movement") == 5
    assert value("facilities.service_points_open") > 50

    assert value("unions.front_line_share_compliant_counties") == 8
    assert value("unions.reelections_due") > 0 and value("unions.reelections_overdue") > 0
    assert value("unions.reelections_done") > 0
    assert value("unions.joint_meetings_held") == 0
    org_findings = {f.kind: f for f in unions_findings.findings(city, MID_2018)}
    assert _short(org_findings["unions.joint_meeting_not_held"].orgs) == {"明溪", "尤溪"}
    pending = _short(org_findings["unions.county_reelection_pending"].orgs)
    assert len(pending) == 9 and "三元" not in pending and "泰宁" in pending
    assert "unions.reelections_overdue" in org_findings
    assert "unions.dormant_unions" in org_findings
