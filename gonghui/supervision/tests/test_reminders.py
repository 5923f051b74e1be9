"""Reminders (催办): N days before a report is due and once overdue, each sent once."""

from __future__ import annotations

from datetime import date
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command

from gonghui.supervision.models import Measure, Reminder, ReminderKind
from gonghui.supervision.reminders import send_reminders
from gonghui.supervision.tasks import send_report_reminders
from gonghui.supervision.tests.helpers import make_plan, make_task, submitted

pytestmark = pytest.mark.django_db


@pytest.fixture
def task(tree, jianning_officer, taining_officer):  # type: ignore[no-untyped-def]
    jianning_officer.email = "jianning@example.cn"
    jianning_officer.save()
    # Starting in April: the second quarter's report is the first one due.
    return make_task(
        make_plan(tree.city), units=(tree.jianning, tree.taining), start=date(2018, 4, 1)
    )


def test_a_reminder_five_days_before_the_report_is_due(task, tree) -> None:
    # The second quarter's report is due on 5 July.
    assert send_reminders(date(2018, 6, 29)).due_soon == 0
    sent = send_reminders(date(2018, 6, 30))
    assert sent.due_soon == 2
    kinds = set(Reminder.objects.values_list("org__short_name", "kind", "quarter"))
    assert kinds == {("建宁", "due_soon", 2), ("泰宁", "due_soon", 2)}
    assert len(mail.outbox) == 1  # only 建宁's officer has an address
    assert mail.outbox[0].to == ["jianning@example.cn"]
    assert "2018-07-05" in mail.outbox[0].body


def test_each_reminder_is_sent_once(task) -> None:
    send_reminders(date(2018, 6, 30))
    again = send_reminders(date(2018, 7, 2))
    assert again.due_soon == 0 and again.emails == 0
    assert Reminder.objects.filter(kind=ReminderKind.DUE_SOON).count() == 2
    assert len(mail.outbox) == 1


def test_an_overdue_reminder_after_the_due_day(task, tree, jianning_officer) -> None:
    submitted(task.assignments.get(org=tree.jianning), jianning_officer, 2, 50, date(2018, 7, 3))
    sent = send_reminders(date(2018, 7, 6))
    assert sent.overdue == 1
    overdue = Reminder.objects.get(kind=ReminderKind.OVERDUE)
    assert overdue.org == tree.taining and overdue.due_on == date(2018, 7, 5)
    assert send_reminders(date(2018, 7, 20)).overdue == 0


def test_work_measured_from_records_is_not_chased(tree) -> None:
    make_task(
        make_plan(tree.city),
        units=(tree.jianning,),
        measure=Measure.INDICATOR,
        indicator_name="supervision.submissions",
        target=10,
    )
    assert send_reminders(date(2018, 6, 30)).due_soon == 0


def test_the_command_and_the_background_task(task) -> None:
    out = StringIO()
    call_command("send_report_reminders", "--as-of", "2018-06-30", stdout=out)
    assert "即将到期提醒2条" in out.getvalue()
    # The tests' task backend runs it at once (the db worker does in production).
    result = send_report_reminders.enqueue("2018-07-06")
    assert "逾期提醒2条" in result.return_value
    out = StringIO()
    call_command("send_report_reminders", "--as-of", "2018-07-06", "--enqueue", stdout=out)
    assert "已交给后台任务" in out.getvalue()
    assert Reminder.objects.count() == 4
