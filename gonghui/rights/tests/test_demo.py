"""The demo's rights records reproduce the speech's figures as of 2018-06-30."""

from __future__ import annotations

from datetime import date

from gonghui.core import indicators
from gonghui.core.demo import DEMO_AS_OF
from gonghui.orgs.demo import TEXTILE_MILL
from gonghui.orgs.models import Org
from gonghui.rights import findings
from gonghui.rights.models import LawyerShift, Petition, VolunteerLawyer
from gonghui.testing import Demo


def test_the_demo_gives_the_speechs_figures_and_problems(demo: Demo) -> None:
    city = demo.city
    figures = {v.name: v.value for v in indicators.compute_all(city, DEMO_AS_OF, prefix="rights.")}
    assert figures["rights.petition_cases"] == 163
    assert figures["rights.petition_persons"] == 366
    assert figures["rights.supervision_committees"] == 1499
    assert figures["rights.petitions_overdue"] > 0
    assert figures["rights.group_petitions"] >= 1
    assert 0 < figures["rights.letter_correction_rate"] < 100
    # Committees set up after mid-year count later.
    later = indicators.compute("rights.supervision_committees", city, date(2018, 12, 31)).value
    assert later > 1499

    textile = Org.objects.get(employer_name=TEXTILE_MILL)
    group = Petition.objects.get(employer_org=textile)
    assert group.is_group and 180 <= group.persons <= 190
    assert group.county == demo.county("梅列")
    assert set(Petition.objects.values_list("channel", flat=True)) == {
        "letter",
        "call",
        "visit",
        "online",
    }
    assert Petition.objects.values("county").distinct().count() == 12

    assert VolunteerLawyer.objects.filter(user__username="lawyer").exists()
    shifting = set(
        LawyerShift.objects.filter(on__gte=date(2018, 5, 1), on__lte=DEMO_AS_OF).values_list(
            "centre__org__short_name", flat=True
        )
    )
    assert len(shifting) == 10
    named = {f.kind: f.orgs for f in findings.findings(city, DEMO_AS_OF)}
    assert sorted(named["rights.no_lawyer_shift"]) == ["明溪县总工会", "泰宁县总工会"]
    assert "rights.shift_without_record" in named
