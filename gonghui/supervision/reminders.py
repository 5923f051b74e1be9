"""Reminders (催办): in-app and by e-mail, N days before a quarterly report is due and once it
is overdue; each reminder is created once (a unique constraint), so re-running sends nothing new.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Q

from gonghui.orgs.models import Role, User
from gonghui.supervision import schedule
from gonghui.supervision.models import (
    COUNTED_STATES,
    Assignment,
    QuarterlyReport,
    Reminder,
    ReminderKind,
)
from gonghui.supervision.models.plans import REPORTING_MEASURES
from gonghui.supervision.progress import assess_assignments

logger = logging.getLogger(__name__)

DAYS_BEFORE = 5  # remind this many days before a report is due
OVERDUE_LOOKBACK_DAYS = 120  # overdue reminders only for recent quarters, not for ancient ones


def send_mail_quietly(subject: str, body: str, recipients: list[str]) -> int:
    """Send through Django's mail settings; a mail failure never undoes the reminder."""
    if not recipients:
        return 0
    try:
        return send_mail(
            f"【工会工作平台】{subject}",
            body,
            settings.DEFAULT_FROM_EMAIL,
            recipients,
            fail_silently=False,
        )
    except Exception:
        logger.exception("reminder e-mail to %s failed", recipients)
        return 0


@dataclass(frozen=True)
class Sent:
    """What one run did."""

    due_soon: int
    overdue: int
    emails: int

    def __str__(self) -> str:
        return f"即将到期提醒{self.due_soon}条，逾期提醒{self.overdue}条，邮件{self.emails}封"


def send_reminders(as_of: date, days_before: int = DAYS_BEFORE) -> Sent:
    """Create the reminders due on `as_of` (each once) and e-mail the units' officers."""
    earliest = as_of - timedelta(days=OVERDUE_LOOKBACK_DAYS + 100)
    assignments = Assignment.objects.filter(
        task__start__lte=as_of,
        task__deadline__gte=earliest,
        task__measure__in=REPORTING_MEASURES,
    ).select_related("task__plan", "org")
    submitted = set(
        QuarterlyReport.objects.filter(
            assignment__in=assignments.values("pk"), state__in=COUNTED_STATES
        ).values_list("assignment_id", "year", "quarter")
    )
    already = set(
        Reminder.objects.filter(
            assignment__in=assignments.values("pk"),
            kind__in=[ReminderKind.DUE_SOON, ReminderKind.OVERDUE],
        ).values_list("assignment_id", "year", "quarter", "kind")
    )
    done = {
        u.assignment.pk
        for u in assess_assignments(assignments, as_of)
        if u.assessment.status is schedule.Status.DONE
    }
    wanted: list[tuple[Assignment, int, int, str, date]] = []
    for a in assignments:
        if a.pk in done:
            continue
        task, plan = a.task, a.task.plan
        for year, quarter in schedule.quarters_between(
            task.start, min(task.deadline, as_of + timedelta(days=days_before))
        ):
            if schedule.quarter_start(year, quarter) > as_of:
                continue
            due = plan.report_due(year, quarter)
            if (a.pk, year, quarter) in submitted:
                continue
            if due - timedelta(days=days_before) <= as_of <= due:
                kind = ReminderKind.DUE_SOON
            elif as_of > due and (as_of - due).days <= OVERDUE_LOOKBACK_DAYS:
                kind = ReminderKind.OVERDUE
            else:
                continue
            if (a.pk, year, quarter, kind) not in already:
                wanted.append((a, year, quarter, kind, due))
    return _create(wanted, as_of)


def _officers_by_org(org_ids: set[int]) -> dict[int, list[str]]:
    emails: dict[int, list[str]] = defaultdict(list)
    rows = User.objects.filter(
        Q(roles__contains=Role.OFFICER) | Q(roles__contains=Role.ADMINISTRATOR),
        org_id__in=org_ids,
        is_active=True,
    ).exclude(email="")
    for org_id, email in rows.values_list("org_id", "email"):
        emails[org_id].append(email)
    return emails


def _create(wanted: list[tuple[Assignment, int, int, str, date]], as_of: date) -> Sent:
    recipients = _officers_by_org({a.org_id for a, *_ in wanted})
    counts = {ReminderKind.DUE_SOON: 0, ReminderKind.OVERDUE: 0}
    emails = 0
    for a, year, quarter, kind, due in wanted:
        period = f"{year}年第{quarter}季度"
        if kind == ReminderKind.DUE_SOON:
            message = f"《{a.task.title}》{period}进展报告将于{due:%Y-%m-%d}截止，请按时报送"
        else:
            message = f"《{a.task.title}》{period}进展报告已于{due:%Y-%m-%d}逾期，请尽快报送"
        try:
            with transaction.atomic():
                reminder = Reminder.objects.create(
                    org=a.org,
                    assignment=a,
                    year=year,
                    quarter=quarter,
                    kind=kind,
                    due_on=due,
                    message=message[:300],
                    created_on=as_of,
                )
        except IntegrityError:  # another run created it first: it was sent there
            continue
        counts[kind] += 1
        to = recipients.get(a.org_id, [])
        if to:
            sent = send_mail_quietly("季度报告催办", f"{a.org.name}：\n{message}。", to)
            if sent:
                emails += 1
                Reminder.objects.filter(pk=reminder.pk).update(emailed=len(to))
    return Sent(counts[ReminderKind.DUE_SOON], counts[ReminderKind.OVERDUE], emails)
