"""Background jobs of supervision (Django's tasks interface; the db worker runs them)."""

from __future__ import annotations

from datetime import date

from django.tasks import task
from django.utils import timezone

from gonghui.supervision.reminders import DAYS_BEFORE, send_reminders


@task
def send_report_reminders(as_of: str | None = None, days_before: int = DAYS_BEFORE) -> str:
    """Create and e-mail the reminders due on the day (ISO date; default today); each once."""
    day = date.fromisoformat(as_of) if as_of else timezone.localdate()
    return str(send_reminders(day, days_before))
