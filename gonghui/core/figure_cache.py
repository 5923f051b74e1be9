"""Cache of computed figures, keyed by org, date and the data version (缓存).

Any saved or deleted record bumps the version (signals), and so does every audited action
(bulk writes audit too), so a cached figure is never served after the records changed. The
version lives in the database, so every app server sees the same one.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any, TypeVar

from django.core.cache import cache
from django.db.models import F
from django.db.models.signals import post_delete, post_save

from gonghui.core.models import AuditEntry, AuditHead, BackgroundJob, DataVersion

T = TypeVar("T")
UNTRACKED = (AuditEntry, AuditHead, DataVersion, BackgroundJob)


def current() -> int:
    """The data version now (one indexed read)."""
    row = DataVersion.objects.filter(pk=1).values_list("value", flat=True).first()
    return row or 0


def bump() -> None:
    """Mark every cached figure stale."""
    if not DataVersion.objects.filter(pk=1).update(value=F("value") + 1):
        DataVersion.objects.get_or_create(pk=1, defaults={"value": 1})


def cached(key: str, version: int, compute: Callable[[], T], timeout: int = 3600) -> T:
    """The value cached under (key, version), computing it on a miss."""
    full_key = f"gonghui:{version}:{key}"
    if len(full_key) > 200:  # memcached refuses keys over 250 characters
        full_key = f"gonghui:{version}:sha1:{hashlib.sha1(key.encode()).hexdigest()}"
    value = cache.get(full_key)
    if value is None:
        value = compute()
        cache.set(full_key, value, timeout)
    return value


def _on_change(sender: type, **kwargs: Any) -> None:
    if sender in UNTRACKED or not sender.__module__.startswith("gonghui."):
        return
    if sender._meta.label == "orgs.User":  # logins touch last_login; no figure depends on it
        return
    bump()


def connect() -> None:
    """Watch every Gonghui model (called once from CoreConfig.ready)."""
    post_save.connect(_on_change, dispatch_uid="gonghui-figure-cache-save")
    post_delete.connect(_on_change, dispatch_uid="gonghui-figure-cache-delete")
