"""`manage.py audit_verify`: check the audit chain and report the first broken link."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from gonghui.core import audit


class Command(BaseCommand):
    help = "校验审计日志哈希链，报告第一个断开的环节"

    def handle(self, *args: Any, **options: Any) -> None:
        verdict = audit.verify()
        if not verdict.ok:
            raise CommandError(f"审计日志校验失败：{verdict.reason}（已校验{verdict.checked}条）")
        self.stdout.write(
            f"审计日志完整：共{verdict.checked}条记录，哈希链无断点，"
            f"与{verdict.checkpoints}个检查点相符。"
        )
