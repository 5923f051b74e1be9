"""Two staff doing the same programme act at once: one succeeds, the other is told (PostgreSQL)."""

import threading
from collections.abc import Callable
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from gonghui.conftest import staff_actor
from gonghui.hardship import medical_actions, programme_actions, winter_actions
from gonghui.hardship.models import (
    EducationAidApplication,
    EducationAidRound,
    MedicalAidEnrolment,
    MedicalAidPhase,
    MinimumLivingStandard,
    Person,
    WinterCampaign,
    WinterDelivery,
)
from gonghui.hardship.tests.conftest import archived, make_id

pytestmark = pytest.mark.django_db(transaction=True)


def race(act: Callable[[], object]) -> list[str]:
    """Run `act` in two threads released together; "ok" or the refusal of each."""
    if connection.vendor == "sqlite":
        # In-memory SQLite cannot be shared by two threads; `make test-pg` runs these races.
        pytest.skip("needs a database server (make test-pg)")
    outcomes: list[str] = []
    start = threading.Barrier(2)

    def attempt() -> None:
        start.wait()
        try:
            act()
            outcomes.append("ok")
        except ValidationError as exc:
            outcomes.append(exc.messages[0])
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sorted(outcomes)


@pytest.fixture
def household(tree):
    MinimumLivingStandard.objects.create(org=tree.jianning, year=2017, monthly_amount=520)
    return archived(tree.jianning_union)


def test_two_staff_listing_one_household_at_once(tree, household) -> None:
    campaign = WinterCampaign.objects.create(
        org=tree.city,
        year=2018,
        name="2018年冬送温暖",
        starts_on=date(2017, 12, 15),
        ends_on=date(2018, 2, 15),
    )
    actor = staff_actor()  # made before the race: the threads must not both create it
    outcomes = race(lambda: winter_actions.add_household_target(actor, campaign, household))
    assert outcomes[0] == "ok" and "同一户一次活动只慰问一次" in outcomes[1]
    assert WinterDelivery.objects.count() == 1


def test_two_staff_enrolling_one_union_at_once(tree) -> None:
    phase = MedicalAidPhase.objects.create(
        number=9,
        name="第九期",
        starts_on=date(2017, 7, 1),
        ends_on=date(2018, 6, 30),
        premium_per_person=Decimal(120),
    )
    actor = staff_actor()  # made before the race: the threads must not both create it
    outcomes = race(
        lambda: medical_actions.enrol(
            actor, phase, tree.jianning_union, members=10, enrolled_on=date(2017, 6, 1)
        )
    )
    assert outcomes[0] == "ok" and "每个工会每期只参保一次" in outcomes[1]
    assert MedicalAidEnrolment.objects.count() == 1


def test_two_staff_paying_one_application_at_once(tree, household) -> None:
    round_ = EducationAidRound.objects.create(
        org=tree.city,
        year=2018,
        name="2018年金秋助学",
        amounts={"senior": "1000"},
        opens_on=date(2018, 6, 1),
        closes_on=date(2018, 9, 30),
    )
    child = Person(household=household, relationship="child", name="王小明")
    child.set_id_number(make_id(born=date(2001, 5, 1)))
    child.save()
    application = programme_actions.apply_education_aid(
        staff_actor(),
        round_,
        child,
        school="三明一中",
        level="senior",
        applied_on=date(2018, 6, 10),
    )
    actor = staff_actor()  # made before the race: the threads must not both create it
    programme_actions.decide_education_aid(actor, application, True, date(2018, 7, 1))

    # Each staff member opened the page (loaded the application) before either saved.
    loaded = EducationAidApplication.objects.select_related("round__org")
    copies = [loaded.get(), loaded.get()]

    def pay() -> None:
        programme_actions.pay_education_aid(actor, copies.pop(), date(2018, 8, 1))

    outcomes = race(pay)
    assert outcomes[0] == "ok" and "已被其他人处理" in outcomes[1]
    assert EducationAidApplication.objects.get().status == "paid"
