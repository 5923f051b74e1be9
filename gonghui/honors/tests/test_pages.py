"""The model-worker pages: scoped lists with filters, details with visits, bounded queries."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from gonghui.conftest import client_for
from gonghui.core.context_processors import navigation
from gonghui.core.models import AuditEntry
from gonghui.honors.models import Craftsman, HonourLevel, ModelWorkerVisit, PensionStatus, Studio
from gonghui.honors.tests import factories

pytestmark = pytest.mark.django_db


def test_a_sibling_county_gets_a_404_for_a_model_worker_detail(
    tree, jianning_officer, taining_officer
) -> None:
    worker = factories.model_worker(tree.jianning_union, name="张建国")
    url = reverse("honors:model_worker", args=[worker.pk])

    assert client_for(taining_officer).get(url).status_code == 404
    page = client_for(jianning_officer).get(url)
    assert page.status_code == 200
    assert "张建国" in page.content.decode()


def test_the_detail_shows_the_masked_id_number_only(tree, jianning_officer) -> None:
    worker = factories.model_worker(tree.jianning_union)
    full = factories.id_number()
    worker.set_id_number(full)
    worker.save()

    page = client_for(jianning_officer).get(reverse("honors:model_worker", args=[worker.pk]))

    text = page.content.decode()
    assert worker.id_number_masked in text
    assert full not in text


def test_the_list_shows_only_the_users_county(tree, jianning_officer) -> None:
    factories.model_worker(tree.jianning_union, name="建宁劳模")
    factories.model_worker(tree.taining_union, name="泰宁劳模")

    text = client_for(jianning_officer).get(reverse("honors:model_workers")).content.decode()

    assert "建宁劳模" in text
    assert "泰宁劳模" not in text


def test_the_list_filters_by_level_county_pension_and_visits(tree, city_officer) -> None:
    factories.model_worker(
        tree.jianning_union,
        name="全国劳模甲",
        level=HonourLevel.NATIONAL,
        pension_status=PensionStatus.GRANTED,
    )
    visited = factories.model_worker(tree.taining_union, name="省劳模乙")
    factories.model_worker(tree.taining_union, name="市劳模丙", level=HonourLevel.CITY)
    ModelWorkerVisit.objects.create(
        model_worker=visited, visited_on=date(2018, 4, 26), visitor="市委书记"
    )
    client = client_for(city_officer)

    def names(**query: object) -> set[str]:
        text = client.get(reverse("honors:model_workers"), {"as_of": "2018-06-30", **query})
        body = text.content.decode()
        return {n for n in ("全国劳模甲", "省劳模乙", "市劳模丙") if n in body}

    assert names() == {"全国劳模甲", "省劳模乙", "市劳模丙"}
    assert names(level="national") == {"全国劳模甲"}
    assert names(org=tree.taining.pk) == {"省劳模乙", "市劳模丙"}
    assert names(pension="granted") == {"全国劳模甲"}
    assert names(visited="yes") == {"省劳模乙"}
    assert names(visited="no") == {"全国劳模甲", "市劳模丙"}


def test_a_county_cannot_filter_its_way_into_a_sibling(tree, jianning_officer) -> None:
    factories.model_worker(tree.taining_union, name="泰宁劳模")
    response = client_for(jianning_officer).get(
        reverse("honors:model_workers"), {"org": tree.taining.pk}
    )
    assert "泰宁劳模" not in response.content.decode()


def test_the_list_loads_with_a_bounded_number_of_queries(
    tree, city_officer, django_assert_max_num_queries
) -> None:
    for n in range(30):
        worker = factories.model_worker(
            tree.jianning_union if n % 2 else tree.taining_union, name=f"劳模{n}"
        )
        ModelWorkerVisit.objects.create(
            model_worker=worker, visited_on=date(2018, 4, 26), visitor="市总工会"
        )
    client = client_for(city_officer)
    with django_assert_max_num_queries(20):
        response = client.get(reverse("honors:model_workers"), {"as_of": "2018-06-30"})
    assert response.content.decode().count("2018-04-26") == 30


def test_a_visit_is_recorded_from_the_detail_page(tree, jianning_officer) -> None:
    worker = factories.model_worker(tree.jianning_union)
    response = client_for(jianning_officer).post(
        reverse("honors:model_worker_visit", args=[worker.pk]),
        {"visited_on": "2018-04-26", "visitor": "建宁县总工会主席", "note": "五一走访"},
        follow=True,
    )
    assert "建宁县总工会主席" in response.content.decode()
    assert worker.visits.get().recorded_by == jianning_officer


def test_a_visit_without_a_visitor_is_refused_with_a_message(tree, jianning_officer) -> None:
    worker = factories.model_worker(tree.jianning_union)
    response = client_for(jianning_officer).post(
        reverse("honors:model_worker_visit", args=[worker.pk]),
        {"visited_on": "2018-04-26", "visitor": ""},
        follow=True,
    )
    assert "请填写走访日期和走访人" in response.content.decode()
    assert not worker.visits.exists()


def test_the_studio_and_craftsman_pages_list_the_users_records(tree, jianning_officer) -> None:
    Studio.objects.create(
        name="建宁工作室", org=tree.jianning_union, set_up_on=date(2016, 1, 1), level="city"
    )
    Studio.objects.create(
        name="泰宁工作室", org=tree.taining_union, set_up_on=date(2016, 1, 1), level="city"
    )
    Craftsman.objects.create(name="建宁工匠", org=tree.jianning_union, year=2017)
    Craftsman.objects.create(name="泰宁工匠", org=tree.taining_union, year=2017)
    client = client_for(jianning_officer)

    studios = client.get(reverse("honors:studios"), {"as_of": "2018-06-30"}).content.decode()
    craftsmen = client.get(reverse("honors:craftsmen"), {"as_of": "2018-06-30"}).content.decode()

    assert "建宁工作室" in studios and "泰宁工作室" not in studios
    assert "建宁工匠" in craftsmen and "泰宁工匠" not in craftsmen


def test_the_navigation_offers_the_module_to_staff_only(tree, jianning_officer, worker) -> None:
    url = reverse("honors:model_workers")
    assert url in [item["url"] for item in navigation(jianning_officer)]
    assert url not in [item["url"] for item in navigation(worker)]


def test_benefits_are_changed_and_a_stale_form_gets_a_conflict(tree, jianning_officer) -> None:
    worker = factories.model_worker(tree.jianning_union)
    url = reverse("honors:model_worker_benefits", args=[worker.pk])
    client = client_for(jianning_officer)
    form = {"pension_status": "granted", "monthly_allowance": "300.00", "version": 1}

    client.post(url, form)
    second = client.post(url, {**form, "pension_status": "applied"}, follow=True)

    worker.refresh_from_db()
    assert (worker.pension_status, worker.version) == ("granted", 2)
    assert "已被他人修改" in second.content.decode()


def test_a_negative_allowance_is_refused(tree, jianning_officer) -> None:
    worker = factories.model_worker(tree.jianning_union)
    response = client_for(jianning_officer).post(
        reverse("honors:model_worker_benefits", args=[worker.pk]),
        {"pension_status": "granted", "monthly_allowance": "-5", "version": 1},
        follow=True,
    )
    assert "津贴应为不小于0的金额" in response.content.decode()
    worker.refresh_from_db()
    assert worker.version == 1


def test_a_permitted_officer_sees_the_full_number_with_a_reason_and_it_is_audited(
    tree, jianning_officer
) -> None:
    jianning_officer.may_reveal_ids = True
    jianning_officer.save()
    worker = factories.model_worker(tree.jianning_union)
    full = factories.id_number()
    worker.set_id_number(full)
    worker.save()
    url = reverse("honors:model_worker_reveal", args=[worker.pk])
    client = client_for(jianning_officer)

    without_reason = client.post(url, {"reason": " "}, follow=True).content.decode()
    with_reason = client.post(url, {"reason": "核对养老保险材料"}).content.decode()

    assert full not in without_reason and "须填写理由" in without_reason
    assert full in with_reason
    assert AuditEntry.objects.filter(action="personal.id_revealed").count() == 1


def test_a_drill_down_to_any_visible_unit_narrows_the_list_and_a_hidden_one_shows_nothing(
    tree, jianning_officer
) -> None:
    factories.model_worker(tree.jianning_union, name="基层劳模")
    factories.model_worker(tree.taining_union, name="泰宁劳模")
    client = client_for(jianning_officer)
    url = reverse("honors:model_workers")

    own = client.get(url, {"org": tree.jianning_town.pk}).content.decode()
    hidden = client.get(url, {"org": tree.taining_town.pk}).content.decode()

    assert "基层劳模" in own
    assert "基层劳模" not in hidden and "泰宁劳模" not in hidden
