"""The demo at mid-year shows what the speech says, computed from records."""

from __future__ import annotations

from datetime import date

from django.urls import reverse

from gonghui.conftest import client_for
from gonghui.core import indicators
from gonghui.orgs.models import User
from gonghui.supervision import demo as supervision_demo
from gonghui.supervision.findings import findings
from gonghui.supervision.models import Reminder
from gonghui.testing import Demo

MID_YEAR = date(2018, 6, 30)


def test_the_mid_year_picture(demo: Demo) -> None:
    assert "改革任务25项" in demo.summary("supervision")
    city = demo.city

    def figure(name: str) -> object:
        return indicators.compute(name, city, MID_YEAR).value

    # 一、回顾: 19 of 25 reform tasks done by mid-year.
    assert figure("supervision.reform_tasks_total") == 25
    assert figure("supervision.reform_tasks_done") == 19
    assert (
        figure("supervision.reform_tasks_done")
        != indicators.compute("supervision.reform_tasks_done", city, date(2018, 3, 31)).value
    )
    assert figure("supervision.assignments_behind") > 0
    assert figure("supervision.innovation_projects") == 3
    assert figure("supervision.submissions") > figure("supervision.submissions_adopted") > 0

    # 二、问题: each detected, the units named.
    found = {f.kind: f for f in findings(city, MID_YEAR)}
    assert {"清流", "建宁", "明溪"} <= set(found["supervision.behind_schedule"].orgs)
    assert set(found["supervision.no_follow_up"].orgs) == set(supervision_demo.SILENT)
    assert "快慢不均" in found["supervision.uneven_progress"].title
    assert len(found["supervision.no_innovation_project"].orgs) == 9
    declining = found["supervision.declining_submissions"]
    assert len(declining.orgs) >= 8 and not set(supervision_demo.HELD_UP) & set(declining.orgs)

    # 三、下半年: the second half's county work is there, not started yet.
    city_officer = User.objects.get(username="city")
    page = client_for(city_officer).get(reverse("supervision:overview"), {"as_of": "2018-06-30"})
    assert page.status_code == 200
    key = client_for(city_officer).get(
        reverse("supervision:overview"),
        {"as_of": "2018-06-30", "plan": page.context["plans"][1].pk, "status": "not_started"},
    )
    titles = {u.assignment.task.title for u in key.context["data"].rows}
    assert {"完成县级工会换届选举", "召开政府与工会联席会议", "金秋助学", "冬送温暖"} <= titles
    assert Reminder.objects.filter(kind="due_soon").exists()

    # A county officer sees only its own work.
    jianning = client_for(User.objects.get(username="jianning"))
    rows = (
        jianning.get(reverse("supervision:overview"), {"as_of": "2018-06-30"}).context["data"].rows
    )
    assert rows and {u.assignment.org.short_name for u in rows} == {"建宁"}
