"""Sixteen writes at the same instant, round after round, while others read the figures
(PostgreSQL): staff registering petitions at the desk, workers filing complaints on the portal
(which become online petitions) and staff lifting households out of the hardship archive.
No error, every acknowledged write kept, and the cached figures count them all.

Each write used to move the shared data-version rows inside its transaction: a petition took
the version rows and then the audit head, a lifted household (bulk updates, then the audit)
the audit head and then the version rows, and PostgreSQL killed one of the two
(`deadlock detected`): an HTTP 500 for a petition already typed in.
"""

from __future__ import annotations

import threading
from decimal import Decimal

import pytest
from django.db import connection
from django.utils import timezone

from gonghui.conftest import staff_actor
from gonghui.dashboard import collect
from gonghui.hardship import actions as hardship
from gonghui.hardship.models import Household, MinimumLivingStandard
from gonghui.hardship.tests.conftest import archived
from gonghui.portal.actions import file_request
from gonghui.portal.models import RequestKind
from gonghui.rights.actions import PetitionerData, register_petition
from gonghui.rights.models import Channel, Matter, Petition

pytestmark = pytest.mark.django_db(transaction=True)

WRITERS = 16
READERS = 2
ROUNDS = 5
LIFTS = WRITERS // 4  # writers n % 4 == 3 lift a household; the others file a petition


def _figure(org, name: str) -> int:  # type: ignore[no-untyped-def]
    values = collect.figures(org, timezone.localdate())  # the writes are today's
    return next(int(v.value) for v in values if v.name == name)


def test_sixteen_simultaneous_writers_all_succeed_and_the_figures_count_them(tree) -> None:
    if connection.vendor == "sqlite":
        pytest.skip("in-memory SQLite cannot be shared by threads; `make test-pg` runs this race")
    for year in range(2016, timezone.localdate().year + 1):
        MinimumLivingStandard.objects.create(
            org=tree.jianning, year=year, monthly_amount=Decimal(520)
        )
    households = [archived(tree.jianning_union) for _ in range(LIFTS * ROUNDS)]
    actor = staff_actor()  # made before the threads: the actions refuse to act for no one
    orgs = (tree.jianning, tree.taining, tree.jianning_town, tree.taining_town)
    counties = (tree.jianning, tree.taining)
    errors: list[BaseException] = []
    petitions: list[int] = []
    lifted: list[int] = []
    writing = threading.Event()
    writing.set()

    def write(n: int, start: threading.Barrier) -> None:
        try:
            start.wait()
            if n % 4 == 3:
                household = households.pop()
                hardship.lift_household(actor, household, timezone.localdate(), "就业增收")
                lifted.append(household.pk)
            elif n % 4 == 1:
                filed = file_request(
                    kind=RequestKind.COMPLAINT,
                    org=counties[n % len(counties)],
                    name=f"职工{n}",
                    phone="13800000000",
                    content="拖欠工资三个月",
                    consent=True,
                    employer=f"泰宁某厂{n}",
                )
                petitions.append(filed.request.petition_id)
            else:
                petition = register_petition(
                    actor=actor,
                    org=orgs[n % len(orgs)],
                    channel=Channel.VISIT,
                    received_on=timezone.localdate(),
                    persons=1 + n % 5,
                    matter=Matter.WAGES_OWED,
                    content="拖欠工资",
                    petitioners=[PetitionerData(f"职工{n}", "13800000000", "")],
                    employer_name=f"建宁某厂{n}",
                )
                petitions.append(petition.pk)
        except BaseException as exc:  # noqa: BLE001 - every failure is the finding
            errors.append(exc)
        finally:
            connection.close()

    def read() -> None:
        try:
            while writing.is_set():
                _figure(tree.city, "rights.petition_cases")
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)
        finally:
            connection.close()

    assert _figure(tree.city, "hardship.archived_households") == LIFTS * ROUNDS  # cached
    readers = [threading.Thread(target=read) for _ in range(READERS)]
    for thread in readers:
        thread.start()
    try:
        for round_ in range(ROUNDS):
            start = threading.Barrier(WRITERS)
            writers = [
                threading.Thread(target=write, args=(round_ * WRITERS + i, start))
                for i in range(WRITERS)
            ]
            for thread in writers:
                thread.start()
            for thread in writers:
                thread.join()
    finally:
        writing.clear()
        for thread in readers:
            thread.join()

    assert [repr(e)[:300] for e in errors] == []
    assert len(petitions) == (WRITERS - LIFTS) * ROUNDS
    assert set(Petition.objects.values_list("pk", flat=True)) == set(petitions)
    assert len(lifted) == LIFTS * ROUNDS
    assert not Household.objects.filter(pk__in=lifted, closed_on__isnull=True).exists()
    # Readers cached the figures while the writers committed: the cache must not keep a value
    # computed before a commit under the version moved after it.
    assert _figure(tree.city, "rights.petition_cases") == len(petitions)
    assert _figure(tree.city, "hardship.archived_households") == 0
