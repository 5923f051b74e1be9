"""A running job's heartbeat (心跳): proof that its worker is still alive.

A worker killed outright (SIGKILL, the machine's OOM killer, a power cut) runs no clean-up, so
its job would say 处理中 forever. While a job works, a small thread of its own writes the time
to the job's row every GONGHUI_JOB_HEARTBEAT_SECONDS; the reaper (core.reaper) fails a running
job whose heartbeat is older than GONGHUI_JOB_STALE_SECONDS.
"""

from __future__ import annotations

import logging
import threading
from types import TracebackType
from typing import Any, Self

from django.conf import settings
from django.db import DatabaseError, connection
from django.db.models import QuerySet
from django.utils import timezone

logger = logging.getLogger(__name__)


def beat(rows: QuerySet[Any]) -> None:
    """Write the time to the rows' heartbeat now."""
    rows.update(heartbeat_at=timezone.now())


class Heartbeat:
    """`with Heartbeat(rows):` beats on a thread of its own until the block ends.

    Inside a caller's transaction (tests, eager runs) no thread is started: another connection
    could not see the rows, and the work cannot outlive the process that holds them anyway.
    """

    def __init__(self, rows: QuerySet[Any], interval: float | None = None) -> None:
        self.rows = rows
        self.interval = settings.GONGHUI_JOB_HEARTBEAT_SECONDS if interval is None else interval
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def __enter__(self) -> Self:
        beat(self.rows)
        if self.interval > 0 and not connection.in_atomic_block:
            self._thread = threading.Thread(target=self._loop, name="job-heartbeat", daemon=True)
            self._thread.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()

    def _loop(self) -> None:
        try:
            while not self._stop.wait(self.interval):
                try:
                    beat(self.rows)
                except DatabaseError:  # a busy database: the next beat will do
                    logger.warning("heartbeat not written", exc_info=True)
        finally:
            connection.close()  # this thread's own connection
