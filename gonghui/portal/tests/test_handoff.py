"""转入户调查: an aid application becomes a draft household for the county to survey; the worker
follows it with the code and sees its stage, never the household."""

import re
import threading
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from gonghui.conftest import client_for, staff_actor
from gonghui.core.models import AuditEntry
from gonghui.core.personal import id_index
from gonghui.hardship import actions as hardship
from gonghui.hardship.models import Household, MinimumLivingStandard, Person
from gonghui.portal.actions import file_request
from gonghui.portal.handoff import hand_off_to_survey
from gonghui.portal.models import PortalRequest, RequestKind

ID = "11010519491231002X"
OTHER_ID = "440524188001010014"


def _file(tree, kind: str = RequestKind.HARDSHIP_AID, id_number: str = ID, **extra: str):
    filed = file_request(
        kind=kind,
        org=tree.jianning,
        name="李春梅",
        phone="13905981234",
        content=extra.pop("content", "丈夫重病住院，家里只有我一人收入。"),
        consent=True,
        employer="建宁溪源机械有限公司",
        id_number=id_number,
        **extra,
    )
    return filed.request, filed.code


def _hand_off(client: Client, item: PortalRequest, version: int | None = None):
    return client.post(
        reverse("portal_hand_off", args=[item.pk]),
        {"version": item.version if version is None else version},
    )


def _track(code: str) -> str:
    page = Client().post(reverse("portal_track"), {"code": code, "last4": ID[-4:]})
    found = re.search(
        r'data-testid="track-result">(.*?)</div></div>', page.content.decode(), re.DOTALL
    )
    assert found, "no tracker result"
    return found.group(1)


@pytest.mark.django_db
def test_a_hand_off_makes_one_draft_household_in_the_requests_county(
    tree, jianning_officer
) -> None:
    item, _ = _file(tree)
    response = _hand_off(client_for(jianning_officer), item)
    household = Household.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("hardship:household_detail", args=[household.pk])
    assert ID not in response["Location"] and ID[-4:] not in response["Location"]
    assert household.county == tree.jianning and household.org == tree.jianning
    assert household.status == "surveyed" and household.category == ""
    head = Person.objects.get(household=household)
    assert (head.name, head.relationship) == ("李春梅", "self")
    assert head.id_number_index == id_index(ID) and head.archive_lock is None
    assert household.phone == "13905981234" and household.employer == "建宁溪源机械有限公司"
    item.refresh_from_db()
    assert item.household == household and item.status == "in_progress" and item.version == 2
    assert AuditEntry.objects.filter(
        action="portal.request_handed_off", object_id=str(item.pk)
    ).exists()
    # The caseworker lands on the household, sees where it came from and what is missing.
    page = client_for(jianning_officer).get(response["Location"]).content.decode()
    assert "来源：网上申请" in page and "丈夫重病住院" in page
    assert 'data-testid="draft-notice"' in page and 'data-testid="archive-form"' not in page
    queue = client_for(jianning_officer).get(reverse("portal_queue")).content.decode()
    assert "已转入户调查" in queue and response["Location"] in queue


@pytest.mark.django_db
def test_a_second_hand_off_is_refused_and_no_second_household_made(
    tree, jianning_officer, city_officer
) -> None:
    item, _ = _file(tree)
    _hand_off(client_for(jianning_officer), item)
    city = client_for(city_officer)
    again = _hand_off(city, item, version=2)
    assert again["Location"] == reverse("portal_request", args=[item.pk])
    page = city.get(again["Location"]).content.decode()
    assert "转入户调查，不能重复转入" in page
    assert 'data-testid="hand-off"' not in page and 'data-testid="handed-off"' in page
    # The same refusal for a page opened before the first click (the version it carried).
    with pytest.raises(ValidationError, match="不能重复转入"):
        hand_off_to_survey(city_officer, item.pk, version=1)
    assert Household.objects.count() == 1


@pytest.mark.django_db
def test_a_second_application_of_the_same_worker_is_not_a_second_draft(
    tree, jianning_officer
) -> None:
    first, _ = _file(tree)
    second, _ = _file(tree, kind=RequestKind.EDUCATION_AID, content="儿子考上高中。")
    hand_off_to_survey(jianning_officer, first.pk, version=1)
    with pytest.raises(ValidationError, match="已有待入户调查的家庭（建宁县总工会"):
        hand_off_to_survey(jianning_officer, second.pk, version=1)
    assert Household.objects.count() == 1


@pytest.mark.django_db
def test_a_stale_page_is_refused(tree, jianning_officer) -> None:
    item, _ = _file(tree)
    hardship_answer = client_for(jianning_officer).post(
        reverse("portal_request", args=[item.pk]),
        {"status": "in_progress", "answer": "请补充病历。", "version": 1},
    )
    assert hardship_answer.status_code == 302
    with pytest.raises(ValidationError, match="已被他人修改"):
        hand_off_to_survey(jianning_officer, item.pk, version=1)
    assert not Household.objects.exists()


@pytest.mark.django_db
def test_a_sibling_countys_officer_gets_404_and_nothing_is_made(tree, taining_officer) -> None:
    item, _ = _file(tree)
    assert _hand_off(client_for(taining_officer), item).status_code == 404
    assert not Household.objects.exists()
    item.refresh_from_db()
    assert item.household is None and item.version == 1


@pytest.mark.django_db
def test_only_aid_applications_are_handed_off(tree, jianning_officer) -> None:
    item, _ = _file(tree, kind=RequestKind.LEGAL_HELP)
    page = client_for(jianning_officer).get(reverse("portal_request", args=[item.pk]))
    assert 'data-testid="hand-off"' not in page.content.decode()
    with pytest.raises(ValidationError, match="只有困难职工帮扶申请和金秋助学申请"):
        hand_off_to_survey(jianning_officer, item.pk, version=item.version)
    assert not Household.objects.exists()


@pytest.mark.django_db
def test_a_worker_already_in_an_open_archive_is_refused_with_the_county_named(
    tree, jianning_officer
) -> None:
    MinimumLivingStandard.objects.create(org=tree.taining, year=2017, monthly_amount=500)
    elsewhere = hardship.survey_household(
        staff_actor(),
        hardship.SurveyInput(
            org=tree.taining_union,
            surveyed_on=timezone.localdate(),
            members=[hardship.MemberInput("李春梅", ID, monthly_income=Decimal(300))],
        ),
    )
    hardship.archive_household(staff_actor(), elsewhere, timezone.localdate())
    item, _ = _file(tree)
    client = client_for(jianning_officer)
    response = _hand_off(client, item)
    page = client.get(response["Location"]).content.decode()
    assert "李春梅（身份证号110105********002X）已在泰宁县总工会的困难职工档案中" in page
    assert ID not in page
    assert Household.objects.count() == 1
    item.refresh_from_db()
    assert item.household is None and item.status == "received"


@pytest.mark.django_db
def test_the_tracker_follows_the_household_stage_and_shows_nothing_of_it(
    tree, jianning_officer
) -> None:
    MinimumLivingStandard.objects.create(org=tree.jianning, year=2018, monthly_amount=540)
    item, code = _file(tree)
    assert "已收到" in _track(code)
    hand_off_to_survey(jianning_officer, item.pk, version=1)
    shown = _track(code)
    assert "已转入户调查（县总工会将联系您）" in shown
    household = Household.objects.get()
    # The caseworker's full survey (the head's number typed again) completes the same draft.
    surveyed = hardship.survey_household(
        jianning_officer,
        hardship.SurveyInput(
            org=tree.jianning_union,
            surveyed_on=timezone.localdate(),
            members=[
                hardship.MemberInput("李春梅", ID, monthly_income=Decimal(700)),
                hardship.MemberInput("张强", OTHER_ID, relationship="spouse", health="grave"),
            ],
            address="建宁县濉溪镇解放路8号",
            causes=["illness"],
        ),
    )
    assert surveyed.pk == household.pk and Household.objects.count() == 1
    assert surveyed.member_count == 2 and surveyed.category == "deep"
    hardship.archive_household(jianning_officer, surveyed, timezone.localdate())
    shown = _track(code)
    assert "已建档" in shown
    for secret in ("张强", "濉溪镇", "深度困难", "700", "household", f"/hardship/{household.pk}"):
        assert secret not in shown
    # The household leaves the archive; the county's answer is what the worker reads.
    hardship.remove_household(jianning_officer, surveyed, timezone.localdate(), "moved")
    assert "已建档" not in _track(code)
    client_for(jianning_officer).post(
        reverse("portal_request", args=[item.pk]),
        {"status": "closed", "answer": "您家已迁出本县，档案已转出。", "version": 2},
    )
    shown = _track(code)
    assert "已办结" in shown and "您家已迁出本县，档案已转出。" in shown


@pytest.mark.django_db
def test_a_draft_cannot_be_archived_before_the_survey_is_complete(tree, jianning_officer) -> None:
    item, _ = _file(tree)
    household = hand_off_to_survey(jianning_officer, item.pk, version=1)
    with pytest.raises(ValidationError, match="入户调查尚未完成"):
        hardship.archive_household(jianning_officer, household, timezone.localdate())


@pytest.mark.django_db
def test_an_education_aid_hand_off_keeps_what_the_worker_wrote_for_the_caseworker(
    tree, jianning_officer
) -> None:
    item, _ = _file(
        tree,
        kind=RequestKind.EDUCATION_AID,
        content="女儿张小雨今年考上福建师范大学（本科），学费有困难。",
    )
    response = _hand_off(client_for(jianning_officer), item)
    page = client_for(jianning_officer).get(response["Location"]).content.decode()
    assert "金秋助学申请" in page and "女儿张小雨今年考上福建师范大学（本科）" in page
    assert Household.objects.get().portal_requests.get() == item


@pytest.mark.django_db(transaction=True)
def test_two_hand_offs_at_once_make_one_household(tree, jianning_officer, city_officer) -> None:
    if connection.vendor == "sqlite":
        # In-memory SQLite cannot be shared by two threads; `make test-pg` runs this race.
        pytest.skip("needs a database server (make test-pg)")
    item, _ = _file(tree)
    outcomes: list[str] = []
    start = threading.Barrier(2)

    def attempt(user) -> None:
        start.wait()
        try:
            hand_off_to_survey(user, item.pk, version=1)
            outcomes.append("handed off")
        except ValidationError as exc:
            outcomes.append(exc.messages[0])
        finally:
            connection.close()

    threads = [
        threading.Thread(target=attempt, args=(u,)) for u in (jianning_officer, city_officer)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(outcomes) == 2 and "handed off" in outcomes
    assert any("不能重复转入" in o for o in outcomes), outcomes
    assert Household.objects.count() == 1 and Person.objects.count() == 1
    item.refresh_from_db()
    assert item.household == Household.objects.get()


@pytest.mark.django_db
def test_the_request_page_and_the_tracker_of_a_handed_off_request_load_in_few_queries(
    tree, jianning_officer, django_assert_max_num_queries
) -> None:
    item, code = _file(tree)
    hand_off_to_survey(jianning_officer, item.pk, version=1)
    client = client_for(jianning_officer)
    with django_assert_max_num_queries(12):
        page = client.get(reverse("portal_request", args=[item.pk])).content.decode()
    assert 'data-testid="handed-off"' in page and "建宁县总工会，已调查未建档" in page
    with django_assert_max_num_queries(8):
        assert "已转入户调查" in _track(code)
