"""`manage.py send_report_reminders [--as-of DATE] [--days N] [--enqueue]`: quarterly-report
reminders (催办), each sent once; run it daily (cron, or let the background worker do it)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from gonghui.supervision.reminders import DAYS_BEFORE
from gonghui.supervision.tasks import send_report_reminders


def _date(raw: str) -> date:
    try:
        return date.fromisoformat(raw)
    except ValueError as exc:
        raise CommandError(f"日期“{raw}”格式不正确，应为 2018-06-30 这样的形式") from exc


class Command(BaseCommand):
    help = "季度报告催办：到期前N天和逾期时各提醒一次（站内提醒并发送邮件）"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--as-of", type=_date, help="按此日期计算（默认今天）")
        parser.add_argument(
            "--days", type=int, default=DAYS_BEFORE, help=f"到期前几天提醒（默认{DAYS_BEFORE}）"
        )
        parser.add_argument(
            "--enqueue", action="store_true", help="交给后台任务执行，而不是在本进程中执行"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        as_of = options["as_of"].isoformat() if options["as_of"] else None
        if options["enqueue"]:
            result = send_report_reminders.enqueue(as_of, options["days"])
            self.stdout.write(f"已交给后台任务：{result.id}")
            return
        self.stdout.write(send_report_reminders.call(as_of, options["days"]))
