"""职工医疗互助 end to end: enrol (premiums computed), claim (payout computed), pay once."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import IntegrityError
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from gonghui.conftest import client_for, staff_actor
from gonghui.core import indicators
from gonghui.core.models import AuditEntry
from gonghui.hardship import medical_actions, medical_rules
from gonghui.hardship.actions import ActionError, ConflictError
from gonghui.hardship.medical_rules import PayoutRule
from gonghui.hardship.models import MedicalAidClaim, MedicalAidEnrolment, MedicalAidPhase

RULE = medical_rules.DEFAULT_RULE
money = st.decimals(min_value=0, max_value=10**7, places=2, allow_nan=False)


def test_the_payout_is_a_share_above_the_deductible_up_to_the_cap() -> None:
    assert medical_rules.payout(Decimal(1000)) == 0
    assert medical_rules.payout(Decimal(5000)) == Decimal("1200.00")  # 30% of 4000
    assert medical_rules.payout(Decimal("1000.05")) == Decimal("0.02")
    assert medical_rules.payout(Decimal(10**6)) == Decimal(20000)
    local = PayoutRule(deductible=Decimal(500), share=Decimal("0.5"), cap=Decimal(3000))
    assert medical_rules.payout(Decimal(2500), local) == Decimal(1000)
    assert "起付线1000元" in RULE.describe() and "按30%补助" in RULE.describe()
    assert "按100%补助" in PayoutRule(share=Decimal(1)).describe()
    assert "按12.5%补助" in PayoutRule(share=Decimal("0.125")).describe()


@given(money, money)
def test_the_payout_never_exceeds_cost_or_cap_and_grows_with_cost(a: Decimal, b: Decimal) -> None:
    low, high = sorted((a, b))
    assert 0 <= medical_rules.payout(low) <= medical_rules.payout(high) <= RULE.cap
    assert medical_rules.payout(high) <= high


def test_premiums_are_members_times_the_premium_per_person() -> None:
    assert medical_rules.premiums(37, Decimal(120)) == Decimal(4440)
    with pytest.raises(ValueError, match="至少为1人"):
        medical_rules.premiums(0, Decimal(120))


@pytest.fixture
def phase(db) -> MedicalAidPhase:
    return MedicalAidPhase.objects.create(
        number=9,
        name="第九期职工医疗互助",
        starts_on=date(2017, 7, 1),
        ends_on=date(2018, 6, 30),
        premium_per_person=Decimal(120),
    )


def enrol(org, phase, user=None, **kw) -> MedicalAidEnrolment:
    fields = {"members": 50, "enrolled_on": date(2017, 6, 20)} | kw
    return medical_actions.enrol(user or staff_actor(), phase, org, **fields)


def claim(enrolment, user=None, **kw) -> MedicalAidClaim:
    fields = {
        "claimant_name": "李明",
        "hospital": "建宁县医院",
        "out_of_pocket": Decimal(5000),
        "claimed_on": date(2018, 3, 1),
    } | kw
    return medical_actions.record_claim(user or staff_actor(), enrolment, **fields)


def test_a_union_enrols_once_a_phase_with_computed_premiums(tree, phase, chair) -> None:
    enrolment = enrol(tree.jianning_union, phase, chair, members=37)
    assert enrolment.premiums == Decimal(4440)
    with pytest.raises(ActionError, match="每个工会每期只参保一次"):
        enrol(tree.jianning_union, phase, chair, members=5)
    with pytest.raises(IntegrityError):
        MedicalAidEnrolment.objects.create(
            phase=phase,
            org=tree.jianning_union,
            members=1,
            premiums=Decimal(120),
            enrolled_on=date(2017, 6, 1),
        )


def test_enrolment_refusals_name_the_field(tree, phase, taining_officer) -> None:
    with pytest.raises(ActionError, match="您无权办理“建宁溪源机械有限公司工会委员会”"):
        enrol(tree.jianning_union, phase, taining_officer)
    with pytest.raises(ActionError) as refused:
        enrol(tree.taining_union, phase, taining_officer, members=0, enrolled_on=date(2018, 7, 1))
    assert refused.value.message_dict == {
        "members": ["参保人数至少为1人"],
        "enrolled_on": ["第九期职工医疗互助已于2018-06-30结束，不能再参保"],
    }
    assert not MedicalAidEnrolment.objects.exists()


def test_a_claim_gets_its_payout_from_the_rule_and_is_paid_once(tree, phase) -> None:
    enrolment = enrol(tree.jianning_union, phase)
    made = claim(enrolment, out_of_pocket=Decimal("8600.50"))
    assert made.payout == Decimal("2280.15")
    with pytest.raises(ActionError, match="早于申请日期"):
        medical_actions.pay_claim(staff_actor(), made, date(2018, 2, 1))
    medical_actions.pay_claim(staff_actor(), made, date(2018, 3, 20))
    with pytest.raises(ActionError, match="已于2018-03-20支付"):
        medical_actions.pay_claim(staff_actor(), made, date(2018, 3, 21))
    paid = indicators.compute("hardship.medical_aid_payouts", tree.city, date(2018, 6, 30))
    assert paid.value == Decimal("2280.15")
    logged = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"hardship.medical_enrolled", "hardship.medical_claimed"} <= logged
    assert "hardship.medical_claim_paid" in logged


def test_a_stale_payment_is_refused_not_repeated(tree, phase) -> None:
    made = claim(enrol(tree.jianning_union, phase))
    stale = MedicalAidClaim.objects.select_related("enrolment__org").get(pk=made.pk)
    medical_actions.pay_claim(staff_actor(), made, date(2018, 3, 20))
    with pytest.raises(ConflictError):
        medical_actions.pay_claim(staff_actor(), stale, date(2018, 3, 25))
    assert MedicalAidClaim.objects.get().paid_on == date(2018, 3, 20)


def test_claim_refusals_dates_outside_the_phase_scope_and_deductible(
    tree, phase, taining_officer
) -> None:
    enrolment = enrol(tree.jianning_union, phase)
    with pytest.raises(ActionError, match="您无权办理"):
        claim(enrolment, taining_officer)
    with pytest.raises(ActionError) as refused:
        claim(enrolment, claimed_on=date(2017, 6, 30), out_of_pocket=Decimal(900), hospital="")
    assert refused.value.message_dict == {
        "claimed_on": ["申请日期须在第九期职工医疗互助保障期内（2017-07-01至2018-06-30）"],
        "out_of_pocket": ["个人自付900元未超过起付线1000元，不予补助"],
        "hospital": ["请填写就诊医院"],
    }
    with pytest.raises(ActionError, match="保障期内"):
        claim(enrolment, claimed_on=date(2018, 7, 1))
    assert not MedicalAidClaim.objects.exists()


def test_the_database_refuses_a_payout_above_the_cost(tree, phase) -> None:
    enrolment = enrol(tree.jianning_union, phase)
    with pytest.raises(IntegrityError):
        MedicalAidClaim.objects.create(
            enrolment=enrolment,
            claimant_name="李明",
            hospital="县医院",
            out_of_pocket=Decimal(100),
            payout=Decimal(200),
            claimed_on=date(2018, 3, 1),
        )


def test_the_pages_enrol_claim_and_pay(tree, phase, chair, taining_officer) -> None:
    client = client_for(chair)
    url = reverse("hardship:medical_phase", args=[9])
    refused = client.post(url, {"org_ref": "", "members": "20", "enrolled_on": "2018-08-01"}).text
    assert "已于2018-06-30结束" in refused
    client.post(url, {"org_ref": "", "members": "20", "enrolled_on": "2017-06-25"})
    enrolment = MedicalAidEnrolment.objects.get()
    assert (enrolment.org, enrolment.premiums) == (tree.jianning_union, Decimal(2400))
    assert "建宁溪源机械有限公司工会委员会" in client.get(url).text
    assert "建宁溪源机械" not in client_for(taining_officer).get(url).text
    page = reverse("hardship:medical_enrolment", args=[enrolment.pk])
    form = {"claimant_name": "李明", "hospital": "县医院", "out_of_pocket": "3000"}
    body = client.post(page, form | {"claimed_on": "2018-03-01"}, follow=True).text
    assert "按规则补助600.00元" in body
    made = MedicalAidClaim.objects.get()
    client.post(reverse("hardship:medical_pay", args=[made.pk]), {"paid_on": "2018-03-15"})
    made.refresh_from_db()
    assert made.paid_on == date(2018, 3, 15)
    assert client_for(taining_officer).get(page).status_code == 404


def test_the_phase_page_reads_a_bounded_number_of_queries(
    tree, phase, city_officer, django_assert_max_num_queries
) -> None:
    claim(enrol(tree.jianning_union, phase))
    client = client_for(city_officer)
    url = reverse("hardship:medical_phase", args=[9])
    with django_assert_max_num_queries(15) as few:
        client.get(url)
    for org in (tree.jianning, tree.jianning_town, tree.taining, tree.taining_union):
        claim(enrol(org, phase))
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200
    enrolment_url = reverse(
        "hardship:medical_enrolment", args=[MedicalAidEnrolment.objects.first().pk]
    )
    with django_assert_max_num_queries(12):
        assert client.get(enrolment_url).status_code == 200
