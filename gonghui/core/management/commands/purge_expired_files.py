"""Delete job outputs and abandoned uploads past GONGHUI_FILE_RETENTION_DAYS (see core.retention)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from gonghui.core import retention


class Command(BaseCommand):
    help = "删除超过保存期限（GONGHUI_FILE_RETENTION_DAYS）的任务文件和未完成比对的上传名单"

    def handle(self, *args: Any, **options: Any) -> None:
        counts = retention.purge_expired()
        self.stdout.write("；".join(f"{name}: {count}" for name, count in counts.items()))
