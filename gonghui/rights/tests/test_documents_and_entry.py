"""一函两书 as Word files, and the entry pages: letters, committees, lawyers, centres, shifts."""

from __future__ import annotations

import io
from datetime import date, time, timedelta

import pytest
from django.urls import reverse
from docx import Document
from hypothesis import given
from hypothesis import strategies as st

from gonghui.conftest import Tree, client_for, staff_actor
from gonghui.orgs.models import User
from gonghui.rights import actions
from gonghui.rights.actions.lawyers import same_slot_next_month
from gonghui.rights.models import (
    LawyerShift,
    LetterKind,
    ServiceCentre,
    SupervisionCommittee,
    SupervisionLetter,
    VolunteerLawyer,
)
from gonghui.rights.tests import factories


def _docx_text(content: bytes) -> str:
    return "\n".join(p.text for p in Document(io.BytesIO(content)).paragraphs)


def test_a_reminder_letter_downloads_as_word_with_recipient_topic_basis_demand_and_signature(
    tree: Tree, jianning_officer: User
) -> None:
    letter = factories.letter(tree.jianning, number="建工监〔2018〕3号")
    response = client_for(jianning_officer).get(reverse("rights:letter_download", args=[letter.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "filename*=UTF-8''" in response["Content-Disposition"]
    text = _docx_text(response.content)
    assert "劳动法律监督提示函" in text
    assert "建宁某机械有限公司：" in text
    assert "工资与社会保险" in text
    assert "《中华人民共和国工会法》" in text and "《工会劳动法律监督办法》" in text
    assert "于2018年3月16日前" in text
    assert "建宁县总工会" in text and "2018年3月1日" in text
    assert "建工监〔2018〕3号" in text


def test_an_opinion_names_the_reminder_it_follows_and_a_recommendation_warns_of_referral(
    tree: Tree,
) -> None:
    from gonghui.rights.documents import letter_docx

    first = factories.letter(tree.jianning)
    opinion = factories.letter(
        tree.jianning,
        kind=LetterKind.OPINION,
        issued_on=date(2018, 3, 20),
        reply_due_on=date(2018, 4, 5),
    )
    assert opinion.follows == first
    text = _docx_text(letter_docx(opinion))
    assert "劳动法律监督意见书" in text and "2018年3月1日向你单位发出提示函" in text
    recommendation = factories.letter(
        tree.jianning,
        kind=LetterKind.RECOMMENDATION,
        issued_on=date(2018, 4, 10),
        reply_due_on=date(2018, 4, 25),
    )
    text = _docx_text(letter_docx(recommendation))
    assert "劳动法律监督建议书" in text and "逾期不整改的" in text


def test_taining_cannot_download_a_jianning_letter(tree: Tree, taining_officer: User) -> None:
    letter = factories.letter(tree.jianning)
    url = reverse("rights:letter_download", args=[letter.pk])
    assert client_for(taining_officer).get(url).status_code == 404


def _letter_data(tree: Tree, **overrides: str) -> dict[str, str]:
    return {
        "org": str(tree.jianning.pk),
        "kind": "reminder_letter",
        "number": "",
        "employer_name": "建宁某纺织有限公司",
        "employer_credit_code": "",
        "topic": "pay_and_insurance",
        "content": "拖欠社会保险费",
        "issued_on": "2018-03-01",
        "reply_due_on": "2018-03-16",
        **overrides,
    }


def test_an_opinion_is_refused_before_a_reminder_letter_to_the_same_employer_and_topic(
    tree: Tree, jianning_officer: User
) -> None:
    client = client_for(jianning_officer)
    url = reverse("rights:letter_new")
    refused = client.post(url, _letter_data(tree, kind="opinion"))
    assert refused.status_code == 200
    assert "意见书应在提示函之后发出" in refused.content.decode()
    assert not SupervisionLetter.objects.exists()

    assert client.post(url, _letter_data(tree)).status_code == 302
    # A reminder on another topic does not open the way for an opinion on this one.
    other_topic = client.post(
        url, _letter_data(tree, kind="opinion", topic="hours_and_leave", issued_on="2018-03-20")
    )
    assert (
        "尚未就“工作时间与休息休假”向建宁某纺织有限公司发出提示函" in other_topic.content.decode()
    )
    recommendation = client.post(
        url, _letter_data(tree, kind="recommendation", issued_on="2018-03-20")
    )
    assert "建议书应在意见书之后发出" in recommendation.content.decode()

    opinion = client.post(
        url,
        _letter_data(tree, kind="opinion", issued_on="2018-03-20", reply_due_on="2018-04-05"),
    )
    assert opinion.status_code == 302 and opinion["Location"] == reverse("rights:letter_list")
    made = SupervisionLetter.objects.get(kind=LetterKind.OPINION)
    assert made.follows.kind == LetterKind.REMINDER_LETTER and made.created_by == jianning_officer


def test_a_letter_cannot_be_issued_in_the_name_of_a_sibling_county(
    tree: Tree, jianning_officer: User
) -> None:
    response = client_for(jianning_officer).post(
        reverse("rights:letter_new"), _letter_data(tree, org=str(tree.taining.pk))
    )
    assert response.status_code == 200
    assert not SupervisionLetter.objects.exists()


def test_a_committee_is_recorded_for_a_grassroots_union_and_only_once(
    tree: Tree, jianning_officer: User
) -> None:
    client = client_for(jianning_officer)
    url = reverse("rights:committee_new")
    data = {
        "union": str(tree.jianning_union.pk),
        "set_up_on": "2017-05-01",
        "chair": "王五",
        "members_count": "5",
    }
    assert client.post(url, data).status_code == 302
    committee = SupervisionCommittee.objects.get()
    assert committee.union == tree.jianning_union and committee.members_count == 5
    # The union no longer appears among the choices; 泰宁's never did.
    again = client.post(url, data)
    assert again.status_code == 200 and SupervisionCommittee.objects.count() == 1
    sibling = client.post(url, {**data, "union": str(tree.taining_union.pk)})
    assert sibling.status_code == 200 and SupervisionCommittee.objects.count() == 1


def test_a_lawyer_needs_a_seventeen_digit_licence_number_not_yet_registered(
    tree: Tree, jianning_officer: User
) -> None:
    client = client_for(jianning_officer)
    url = reverse("rights:lawyer_new")
    data = {
        "org": str(tree.jianning.pk),
        "name": "陈律师",
        "firm": "福建三明正义律师事务所",
        "licence_number": "1350420101234",
        "specialties": "劳动争议",
        "phone": "",
        "joined_on": "",
    }
    bad = client.post(url, data)
    assert "执业证号应为17位数字" in bad.content.decode()
    assert client.post(url, {**data, "licence_number": "13504201012345678"}).status_code == 302
    lawyer = VolunteerLawyer.objects.get()
    assert lawyer.org == tree.jianning and lawyer.specialties == "劳动争议"
    again = client.post(url, {**data, "licence_number": "13504201012345678"})
    assert "执业证号13504201012345678已登记" in again.content.decode()


def test_a_centre_and_a_shift_are_entered_and_a_clash_is_refused(
    tree: Tree, jianning_officer: User
) -> None:
    client = client_for(jianning_officer)
    response = client.post(
        reverse("rights:centre_new"),
        {"org": str(tree.jianning.pk), "name": "建宁县职工服务中心", "address": "", "windows": "2"},
    )
    assert response.status_code == 302
    centre = ServiceCentre.objects.get()
    lawyer = VolunteerLawyer.objects.create(
        org=tree.jianning, name="陈律师", firm="正义律所", licence_number="13504201012345678"
    )
    data = {
        "lawyer": str(lawyer.pk),
        "centre": str(centre.pk),
        "window": "2",
        "on": "2018-06-12",
        "starts_at": "09:00",
        "ends_at": "12:00",
    }
    assert client.post(reverse("rights:shift_new"), data).status_code == 302
    clash = client.post(reverse("rights:shift_new"), {**data, "starts_at": "10:00"})
    assert "这个时段已有值班" in clash.content.decode()
    too_far = client.post(reverse("rights:shift_new"), {**data, "window": "3", "on": "2018-06-13"})
    assert "只有2个窗口" in too_far.content.decode()
    assert LawyerShift.objects.count() == 1


def test_taining_cannot_schedule_at_a_jianning_centre(tree: Tree, taining_officer: User) -> None:
    shift = factories.shift(tree.jianning)
    data = {
        "lawyer": str(shift.lawyer.pk),
        "centre": str(shift.centre.pk),
        "window": "1",
        "on": "2018-06-13",
        "starts_at": "09:00",
        "ends_at": "12:00",
    }
    response = client_for(taining_officer).post(reverse("rights:shift_new"), data)
    assert response.status_code == 200 and LawyerShift.objects.count() == 1


def test_the_rota_is_copied_to_the_next_month_weekday_for_weekday(
    tree: Tree, jianning_officer: User
) -> None:
    shift = factories.shift(tree.jianning, on=date(2018, 6, 12))  # the 2nd Tuesday of June
    # The 5th Friday of June 2018 has no counterpart in July.
    actions.schedule_shift(
        actor=staff_actor(),
        lawyer=shift.lawyer,
        centre=shift.centre,
        on=date(2018, 6, 29),
        starts_at=time(9),
        ends_at=time(12),
    )
    response = client_for(jianning_officer).post(
        reverse("rights:rota_copy"), {"centre": str(shift.centre.pk), "month": "2018-06"}
    )
    assert response.status_code == 302
    july = LawyerShift.objects.filter(on__month=7)
    assert [s.on for s in july] == [date(2018, 7, 10)]  # the 2nd Tuesday of July
    empty = client_for(jianning_officer).post(
        reverse("rights:rota_copy"), {"centre": str(shift.centre.pk), "month": "2018-09"}
    )
    assert "没有值班，无可复制" in empty.content.decode()


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31)))
def test_a_copied_shift_lands_on_the_same_weekday_of_the_same_week_next_month(day: date) -> None:
    target = same_slot_next_month(day)
    following = (day.replace(day=1) + timedelta(days=32)).replace(day=1)
    if target is None:
        assert (day.day - 1) // 7 == 4
        return
    assert target.weekday() == day.weekday()
    assert (target.year, target.month) == (following.year, following.month)
    assert (target.day - 1) // 7 == (day.day - 1) // 7


@pytest.mark.parametrize(
    "name", ["lawyer_new", "centre_new", "shift_new", "rota_copy", "committee_new", "letter_new"]
)
def test_the_entry_pages_load_for_the_county(name: str, jianning_officer: User) -> None:
    response = client_for(jianning_officer).get(reverse(f"rights:{name}"))
    assert response.status_code == 200 and 'data-testid="entry-form"' in response.content.decode()
