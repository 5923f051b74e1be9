"""A small fixed-window rate limiter (portal abuse resistance), counted in the database.

The count is one atomic upsert (INSERT … ON CONFLICT DO UPDATE … RETURNING, the same SQL on
SQLite and PostgreSQL), so simultaneous requests cannot all read "4" and all pass, and every
app server and process shares the same count. The cache was not enough: the default file
cache's add/incr are a read and a write, and 20 simultaneous filings let 10 through (limit 5).
"""

from __future__ import annotations

import hashlib
import time

from django.db import connection
from django.http import HttpRequest

from gonghui.core.client import client_ip

_HIT = """
INSERT INTO core_ratecounter (name, window_end, hits) VALUES (%s, %s, 1)
ON CONFLICT (name) DO UPDATE SET
    hits = CASE WHEN core_ratecounter.window_end > %s THEN core_ratecounter.hits + 1 ELSE 1 END,
    window_end = CASE WHEN core_ratecounter.window_end > %s
        THEN core_ratecounter.window_end ELSE excluded.window_end END
RETURNING hits
"""


def client_key(request: HttpRequest) -> str:
    """A hashed key for the client address (no raw IPs in the database)."""
    return hashlib.sha256(client_ip(request).encode()).hexdigest()[:16]


def _name(bucket: str, key: str) -> str:
    return f"{bucket}:{key}"[:120]


def hit(bucket: str, key: str, limit: int, window_seconds: int) -> bool:
    """Count one hit; True while the bucket is within its limit for the window."""
    now = int(time.time())
    with connection.cursor() as cursor:
        cursor.execute(_HIT, [_name(bucket, key), now + window_seconds, now, now])
        (count,) = cursor.fetchone()
        if count == 1:  # a window began: forget the windows that have ended
            cursor.execute("DELETE FROM core_ratecounter WHERE window_end <= %s", [now])
    return count <= limit


def blocked(bucket: str, key: str, limit: int) -> bool:
    """True when the bucket is already over its limit (without counting a hit)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT hits FROM core_ratecounter WHERE name = %s AND window_end > %s",
            [_name(bucket, key), int(time.time())],
        )
        row = cursor.fetchone()
    return row is not None and row[0] > limit
