"""`manage.py audit_checkpoint`: copy the audit log's head to the checkpoint file."""

from typing import Any

from django.core.management.base import BaseCommand

from gonghui.core import audit_checkpoints


class Command(BaseCommand):
    help = "把审计日志的末端（序号与带密钥的哈希）追加到检查点文件，供 audit_verify 对照"

    def handle(self, *args: Any, **options: Any) -> None:
        point = audit_checkpoints.append_current()
        if point is None:
            self.stdout.write("审计日志为空，未写入检查点。")
            return
        self.stdout.write(
            f"已写入检查点：第{point.seq}条（{audit_checkpoints.path()}）。"
            "请把该文件转存到数据库之外的地方。"
        )
