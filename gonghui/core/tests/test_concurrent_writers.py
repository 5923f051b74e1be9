"""N simultaneous writers on the main write paths, for real: threads, each with its own
PostgreSQL connection, released together by a barrier, through the real views, API endpoints
and actions. Whatever happens: no server error, every acknowledged write is in the database,
every refused one was refused with a Chinese message.

PostgreSQL only: SQLite serialises writers on one file lock (and Django's SQLite connections
are not meant for this), so the test would prove nothing there.

If these fail with `deadlock detected … core_dataversion`, that is the known defect of the
figure-version rows (issue #23), fixed on the figures branch; this test is its reproduction.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from gonghui.api.models import ApiToken
from gonghui.conftest import Tree, make_user
from gonghui.core import creditcode
from gonghui.orgs.models import Role, User
from gonghui.testing import all_at_once

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="simultaneous writers need a real database server (run with DATABASE_URL=postgres://…)",
    ),
]

WRITERS = 16


@dataclass
class Outcome:
    """What one writer got back: an HTTP status and body, or what its action returned/raised."""

    status: int = 0
    body: str = ""
    value: Any = None
    error: BaseException | None = None


def at_once(calls: list[Callable[[], Outcome]]) -> list[Outcome]:
    """Every call in a thread of its own, released together; an exception is an outcome too."""
    return [
        Outcome(error=result) if isinstance(result, BaseException) else result
        for result in all_at_once(calls)
    ]


def no_server_errors(outcomes: list[Outcome]) -> None:
    problems = [
        f"{o.status} {o.body[:300]}" if o.status >= 500 else repr(o.error)
        for o in outcomes
        if o.status >= 500 or o.error is not None
    ]
    assert not problems, f"{len(problems)} of {len(outcomes)} writers failed: {problems}"


def api_call(token: str, path: str, payload: dict[str, Any]) -> Callable[[], Outcome]:
    client = Client(raise_request_exception=False, HTTP_AUTHORIZATION=f"Bearer {token}")

    def call() -> Outcome:
        response = client.post(f"/api/v1{path}", json.dumps(payload), "application/json")
        return Outcome(response.status_code, response.content.decode())

    return call


def refused_with_message(outcome: Outcome) -> bool:
    """An API refusal in the documented shape, with a Chinese message."""
    if not 400 <= outcome.status < 500:
        return False
    message = json.loads(outcome.body)["error"]["message"]
    return any("\u4e00" <= ch <= "\u9fff" for ch in message)


def officer_token(tree: Tree, name: str) -> str:
    return ApiToken.issue(make_user(name, tree.jianning, Role.OFFICER), "并发测试")[1]


# The deadlock the issue saw struck about one round in three: several rounds, each afresh.
ROUNDS = range(3)


@pytest.mark.parametrize("round_", ROUNDS)
def test_simultaneous_petition_registrations(tree: Tree, round_: int) -> None:
    from gonghui.rights.models import Petition

    token = officer_token(tree, "api-petitions")
    # Half of them the same petitioner (each links to an earlier case), half different people.
    calls = [
        api_call(
            token,
            "/rights/petitions/",
            {
                "org_id": tree.jianning.pk,
                "channel": "visit",
                "received_on": "2018-04-01",
                "persons": 1,
                "matter": "wages_owed",
                "content": f"第{i}位来访者反映拖欠工资",
                "employer_name": "建宁某机械有限公司",
                "petitioners": [
                    {"name": "张三" if i % 2 else f"来访者{i}", "id_number": "11010519491231002X"}
                    if i % 2
                    else {"name": f"来访者{i}"}
                ],
            },
        )
        for i in range(WRITERS)
    ]
    outcomes = at_once(calls)
    no_server_errors(outcomes)
    created = [json.loads(o.body)["id"] for o in outcomes if o.status == 201]
    assert len(created) == WRITERS
    assert Petition.objects.filter(pk__in=created).count() == WRITERS
    assert len({p.number for p in Petition.objects.all()}) == WRITERS  # numbers stay unique


@pytest.mark.parametrize("round_", ROUNDS)
def test_simultaneous_portal_requests(tree: Tree, round_: int) -> None:
    from gonghui.portal.models import PortalRequest

    def filing(i: int) -> Callable[[], Outcome]:
        client = Client(raise_request_exception=False, REMOTE_ADDR=f"10.0.0.{i + 1}")
        data = {
            "kind": "complaint" if i % 2 else "legal_help",
            "org": tree.jianning.pk,
            "name": f"职工{i}",
            "phone": f"1390598{i:04d}",
            "employer": "建宁溪源机械有限公司",
            "matter": "wages_owed",
            "content": f"第{i}份诉求：公司拖欠工资。",
            "consent": "on",
        }

        def call() -> Outcome:
            response = client.post(reverse("portal_ask"), data, follow=True)
            return Outcome(response.status_code, response.content.decode())

        return call

    outcomes = at_once([filing(i) for i in range(WRITERS)])
    no_server_errors(outcomes)
    acknowledged = [o for o in outcomes if 'data-testid="tracking-code"' in o.body]
    refused = [o for o in outcomes if o not in acknowledged]
    assert PortalRequest.objects.count() == len(acknowledged)
    assert all("alert" in o.body or "invalid-feedback" in o.body for o in refused)
    assert len(acknowledged) == WRITERS  # one filing per address: nothing to refuse


def test_simultaneous_quarterly_report_saves(tree: Tree) -> None:
    from gonghui.supervision.models import QuarterlyReport
    from gonghui.supervision.tests.helpers import make_plan, make_task

    plan = make_plan(tree.city)
    assignments = [
        make_task(plan, f"重点工作{i}", units=(tree.jianning,)).assignments.get()
        for i in range(WRITERS // 2)
    ]
    token = officer_token(tree, "api-reports")
    # Two writers per report, both from the page state "no report yet" (version 0).
    calls = [
        api_call(
            token,
            f"/supervision/assignments/{assignments[i % len(assignments)].pk}/reports",
            {
                "year": 2018,
                "quarter": 2,
                "progress": 10 + i,
                "done_text": f"写法{i}",
                "submit": False,
                "version": 0,
            },
        )
        for i in range(WRITERS)
    ]
    outcomes = at_once(calls)
    no_server_errors(outcomes)
    saved = [json.loads(o.body) for o in outcomes if o.status == 201]
    refused = [o for o in outcomes if o.status != 201]
    assert len(saved) == len(assignments)  # exactly one per report; the other was stale
    assert all(o.status == 409 and refused_with_message(o) for o in refused)
    for body in saved:
        assert QuarterlyReport.objects.get(pk=body["id"]).done_text == body["done_text"]


def test_simultaneous_dues_receipts(tree: Tree) -> None:
    from gonghui.funds.models import DuesReceipt

    token = officer_token(tree, "api-dues")

    def code(i: int) -> str:
        first17 = f"91350430MA{i:07d}"[:17]
        return first17 + creditcode.check_char(first17)

    # The last two writers post the same receipt as the first two: one of each pair is refused.
    calls = [
        api_call(
            token,
            "/funds/receipts/",
            {
                "county": tree.jianning.pk,
                "month": "2018-05",
                "employer_name": f"建宁测试单位{i % (WRITERS - 2)}",
                "credit_code": code(i % (WRITERS - 2)),
                "payroll": "50000.00",
                "amount": "1000.00",
            },
        )
        for i in range(WRITERS)
    ]
    outcomes = at_once(calls)
    no_server_errors(outcomes)
    created = [o for o in outcomes if o.status == 201]
    refused = [o for o in outcomes if o.status != 201]
    assert len(created) == WRITERS - 2 == DuesReceipt.objects.count()
    assert len(refused) == 2 and all(refused_with_message(o) for o in refused)


def test_simultaneous_household_archive_edits(tree: Tree, jianning_officer: User) -> None:
    from gonghui.hardship import actions
    from gonghui.hardship.models import Household, MinimumLivingStandard
    from gonghui.hardship.tests.conftest import survey

    for year in range(2016, 2019):
        MinimumLivingStandard.objects.create(
            org=tree.jianning, year=year, monthly_amount=Decimal(500 + 20 * (year - 2016))
        )
    households = [survey(tree.jianning, incomes=(300, 0)) for _ in range(WRITERS // 2)]
    # Two officers' pages per household, opened at the same version; both press 建档.
    opened = [(h.pk, h.version) for h in households for _ in range(2)]

    def archive(pk: int, version: int) -> Callable[[], Outcome]:
        def call() -> Outcome:
            household = Household.objects.get(pk=pk)
            try:
                actions.archive_household(
                    jianning_officer, household, date(2017, 4, 1), expected_version=version
                )
            except actions.ActionError as exc:
                return Outcome(409, str(exc))
            return Outcome(200, value=pk)

        return call

    outcomes = at_once([archive(pk, version) for pk, version in opened])
    no_server_errors(outcomes)
    done = sorted(o.value for o in outcomes if o.status == 200)
    assert done == sorted(h.pk for h in households)  # exactly one archive per household
    refused = [o for o in outcomes if o.status == 409]
    assert len(refused) == len(households)
    assert all("已被其他人修改" in o.body or "已建档" in o.body for o in refused)
    assert Household.objects.filter(pk__in=done, archived_on=date(2017, 4, 1)).count() == len(done)


def test_simultaneous_records_of_one_project_stage(tree: Tree, jianning_officer: User) -> None:
    from django.core.exceptions import ValidationError

    from gonghui.facilities import actions
    from gonghui.facilities.models import ProjectStage

    project = actions.add_project(
        actor=jianning_officer, org=tree.jianning, kind="palace", name="建宁县工人文化宫"
    )

    def record(i: int) -> Callable[[], Outcome]:
        def call() -> Outcome:
            try:
                actions.record_stage(
                    project, actor=jianning_officer, stage="planned", reached_on=date(2018, 3, 1)
                )
            except ValidationError as exc:
                return Outcome(409, "；".join(exc.messages))
            return Outcome(200)

        return call

    outcomes = at_once([record(i) for i in range(8)])
    no_server_errors(outcomes)
    assert (
        [o.status for o in outcomes].count(200)
        == 1
        == ProjectStage.objects.unscoped(reason="the test counts").count()
    )
    assert all("已经登记过" in o.body for o in outcomes if o.status == 409)
