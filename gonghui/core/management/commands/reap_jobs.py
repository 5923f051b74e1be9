"""Fail the background jobs and comparison runs whose worker has gone silent (see core.reaper)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from gonghui.core import reaper


class Command(BaseCommand):
    help = "将心跳超时（后台处理进程中断）的任务和比对标记为失败，并释放其锁定的名单"

    def handle(self, *args: Any, **options: Any) -> None:
        reaped = reaper.reap()
        self.stdout.write("；".join(f"{name}: {count}" for name, count in reaped.items()))
