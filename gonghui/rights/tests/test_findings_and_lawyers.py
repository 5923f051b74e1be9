"""Findings of the rights module, and the lawyers' own pages."""

from __future__ import annotations

from datetime import date

from django.urls import reverse

from gonghui.conftest import Tree, client_for, staff_actor
from gonghui.orgs.models import User
from gonghui.rights import actions, findings
from gonghui.rights.models import Consultation, Matter, Referral
from gonghui.rights.tests import factories


def kinds(tree: Tree, as_of: date) -> dict[str, list[str]]:
    return {f.kind: f.orgs for f in findings.findings(tree.city, as_of)}


def test_a_county_with_no_shift_this_month_or_last_is_named(tree: Tree) -> None:
    factories.shift(tree.jianning, on=date(2018, 5, 20))
    found = kinds(tree, date(2018, 6, 30))
    assert found["rights.no_lawyer_shift"] == ["泰宁县总工会"]
    # By August, 建宁's May shift is too old as well.
    assert kinds(tree, date(2018, 8, 1))["rights.no_lawyer_shift"] == [
        "泰宁县总工会",
        "建宁县总工会",
    ]


def test_a_shift_with_no_consultation_is_named_until_one_is_recorded(
    tree: Tree, lawyer: User
) -> None:
    shift = factories.shift(tree.jianning, lawyer_user=lawyer, on=date(2018, 6, 12))
    assert "rights.shift_without_record" in kinds(tree, date(2018, 6, 30))
    actions.record_consultation(
        actor=lawyer, shift=shift, worker_name="王工", matter=Matter.WAGES_OWED, advice="申请仲裁"
    )
    assert "rights.shift_without_record" not in kinds(tree, date(2018, 6, 30))


def test_counties_with_few_committees_are_named_with_their_counts(tree: Tree) -> None:
    actions.set_up_committee(
        actor=staff_actor(),
        union=tree.jianning_union,
        set_up_on=date(2018, 1, 1),
        chair="甲",
        members_count=3,
    )
    few = findings.counties_with_few_committees(tree.city, date(2018, 6, 30))
    assert [(c.name, n, total) for c, n, total in few] == [("泰宁县总工会", 0, 1)]
    finding = next(
        f for f in findings.findings(tree.city, date(2018, 6, 30)) if "committees" in f.kind
    )
    assert "泰宁（0/1）" in finding.title
    assert finding.url == reverse("rights:committee_list")


def test_a_lawyer_sees_only_their_own_shifts(tree: Tree, lawyer: User) -> None:
    factories.shift(tree.jianning, lawyer_user=lawyer, on=date(2018, 6, 12))
    factories.shift(tree.taining, on=date(2018, 6, 13))
    page = client_for(lawyer).get(reverse("rights:my_shifts")).content.decode()
    assert "2018-06-12" in page
    assert "2018-06-13" not in page


def test_a_lawyer_records_a_consultation_on_their_shift(tree: Tree, lawyer: User) -> None:
    shift = factories.shift(tree.jianning, lawyer_user=lawyer, on=date(2018, 6, 12))
    response = client_for(lawyer).post(
        reverse("rights:shift_detail", args=[shift.pk]),
        {
            "worker_name": "王工",
            "matter": Matter.WORK_INJURY,
            "advice": "建议申请工伤认定",
            "referral": Referral.LEGAL_AID,
        },
    )
    assert response.status_code == 302
    consultation = Consultation.objects.get()
    assert consultation.referral == Referral.LEGAL_AID
    assert consultation.recorded_by == lawyer


def test_the_rota_shows_the_month_of_a_centre(tree: Tree, jianning_officer: User) -> None:
    shift = factories.shift(tree.jianning, on=date(2018, 6, 12))
    page = (
        client_for(jianning_officer)
        .get(reverse("rights:shift_rota") + f"?month=2018-06&centre={shift.centre.pk}")
        .content.decode()
    )
    assert reverse("rights:shift_detail", args=[shift.pk]) in page
    assert "2018年6月" in page


def test_a_county_sees_only_its_own_lawyers(
    tree: Tree, jianning_officer: User, taining_officer: User
) -> None:
    factories.shift(tree.jianning)
    assert (
        "陈律师" in client_for(jianning_officer).get(reverse("rights:lawyer_list")).content.decode()
    )
    assert (
        "陈律师"
        not in client_for(taining_officer).get(reverse("rights:lawyer_list")).content.decode()
    )


def test_a_reply_is_tracked_on_the_letters_page(tree: Tree, jianning_officer: User) -> None:
    letter = factories.letter(tree.jianning)
    client = client_for(jianning_officer)
    page = client.get(reverse("rights:letter_list") + "?as_of=2018-03-20").content.decode()
    assert "逾期未回复" in page
    client.post(
        reverse("rights:letter_reply", args=[letter.pk]),
        {"replied_on": "2018-03-10", "text": "已整改", "corrected": "on"},
    )
    page = client.get(reverse("rights:letter_list") + "?as_of=2018-03-20").content.decode()
    assert "已回复，已整改" in page
