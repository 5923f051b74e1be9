"""Recording a project's stage and opening a service point through the pages."""

from datetime import date

import pytest
from django.urls import reverse

from gonghui.conftest import client_for
from gonghui.core import indicators
from gonghui.facilities.models import ConstructionProject, ServicePoint

pytestmark = pytest.mark.django_db


@pytest.fixture
def palace(tree) -> ConstructionProject:
    project = ConstructionProject.objects.create(
        org=tree.jianning, kind="palace", name="建宁工人文化宫"
    )
    project.stages.create(stage="planned", reached_on=date(2016, 3, 1))
    return project


def test_a_recorded_ground_breaking_moves_the_figure_from_that_date(
    tree, palace, jianning_officer
) -> None:
    url = reverse("facilities:project_detail", args=[palace.pk])
    response = client_for(jianning_officer).post(
        url, {"stage": "ground", "reached_on": "2018-05-10", "evidence": "建宁县发改委批复"}
    )
    assert response.status_code == 302
    started = "facilities.palaces_started"
    assert indicators.compute(started, tree.city, date(2018, 5, 9)).value == 0
    assert indicators.compute(started, tree.city, date(2018, 5, 10)).value == 1


def test_a_stage_before_the_previous_one_is_refused_in_chinese(palace, jianning_officer) -> None:
    url = reverse("facilities:project_detail", args=[palace.pk])
    page = client_for(jianning_officer).post(url, {"stage": "ground", "reached_on": "2015-01-01"})
    assert "日期早于前一阶段" in page.content.decode()
    assert palace.stages.count() == 1


def test_a_sibling_county_cannot_record_a_stage(palace, taining_officer) -> None:
    url = reverse("facilities:project_detail", args=[palace.pk])
    response = client_for(taining_officer).post(
        url, {"stage": "ground", "reached_on": "2018-05-10"}
    )
    assert response.status_code == 404
    assert palace.stages.count() == 1


def test_a_county_opens_a_service_point_only_within_its_subtree(tree, jianning_officer) -> None:
    client = client_for(jianning_officer)
    data = {
        "kind": "nursing",
        "name": "濉溪镇妈妈小屋",
        "place": "濉溪镇政府一楼",
        "opened_on": "2018-03-08",
        "org": tree.jianning_town.pk,
    }
    assert client.post(reverse("facilities:service_point_add"), data).status_code == 302
    point = ServicePoint.objects.unscoped(reason="test: what was written").get()
    assert point.county == tree.jianning
    refused = client.post(reverse("facilities:service_point_add"), {**data, "org": tree.taining.pk})
    assert refused.status_code == 200  # the form comes back: 泰宁 is not a choice for 建宁
    assert ServicePoint.objects.unscoped(reason="test: what was written").count() == 1
