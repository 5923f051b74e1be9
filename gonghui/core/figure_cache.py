"""Cache of computed figures, keyed by org, date and the data version (缓存).

Any saved or deleted record bumps the version of its module (signals), and so does every
audited action (bulk writes audit too), so a cached figure is never served after the records
it reads changed; a module's figures are keyed by the versions of the modules they read, so a
new petition leaves the hardship figures cached. The versions live in the database, so every
app server and the background worker see the same ones.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.apps import apps
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import F
from django.db.models.signals import post_delete, post_save

from gonghui.core.models import AuditEntry, AuditHead, BackgroundJob, DataVersion

T = TypeVar("T")
UNTRACKED = (AuditEntry, AuditHead, DataVersion, BackgroundJob)


# Version rows: ANY moves on every change (for what depends on everything); ALL moves on a
# change no module can be named for, and so makes every module's figures stale; each module
# (app label) has its own row, moved by changes of its records.
ANY = "*"
ALL = "all"


@dataclass(frozen=True)
class Versions:
    """The data versions at one moment (one query), to key a page's cached figures."""

    values: dict[str, int]
    reads: dict[str, tuple[str, ...] | None] = field(default_factory=dict)

    @property
    def any(self) -> int:
        return self.values.get(ANY, 0)

    def of(self, module: str) -> str:
        """The version of a module's figures: its own records' and those it reads (declared
        as `figures_read` on its AppConfig), or every change for a module that reads all."""
        reads = self.reads[module] if module in self.reads else figures_read(module)
        if reads is None:
            return f"{ANY}{self.any}"
        names = sorted({module, ALL, *reads})
        return ".".join(f"{name}{self.values.get(name, 0)}" for name in names)


def snapshot() -> Versions:
    """Every version row now (one small query, and one per module whose reads depend on its
    records, such as supervision's tasks measured by other modules' indicators)."""
    reads = {
        config.label: tuple(config.figures_read())
        for config in apps.get_app_configs()
        if callable(getattr(config, "figures_read", None))
    }
    return Versions(dict(DataVersion.objects.values_list("name", "value")), reads)


def current(module: str | None = None) -> int | str:
    """The data version now: of everything, or of the module's figures."""
    if module is None:
        row = DataVersion.objects.filter(name=ANY).values_list("value", flat=True).first()
        return row or 0
    return snapshot().of(module)


def figures_read(module: str) -> tuple[str, ...] | None:
    """The modules whose records a module's figures and findings read (None: all of them)."""
    try:
        config = apps.get_app_config(module)
    except LookupError:
        return None
    reads = getattr(config, "figures_read", None)
    if callable(reads):
        reads = reads()
    return tuple(reads) if reads is not None else None


def tracked_module(label: str) -> str | None:
    """The module a change is counted against, or None when it cannot be told (then every
    module's figures go stale): Gonghui's apps other than the core."""
    try:
        config = apps.get_app_config(label)
    except LookupError:
        return None
    if not config.name.startswith("gonghui.") or label == "core":
        return None
    return label


def fresh_value() -> int:
    """Where a new version row starts: at random, so that a database made anew (or restored)
    never meets the figures an earlier one left in the shared cache under the same numbers."""
    return secrets.randbelow(2**60) + 1


def bump(module: str | None = None) -> None:
    """Mark the module's cached figures stale (every module's when None)."""
    names = [ANY, module or ALL]
    if DataVersion.objects.filter(name__in=names).update(value=F("value") + 1) < len(names):
        for name in names:
            try:
                with transaction.atomic():
                    DataVersion.objects.get_or_create(name=name, defaults={"value": fresh_value()})
            except IntegrityError:  # created meanwhile by another process
                pass


def cached(key: str, version: int | str, compute: Callable[[], T], timeout: int = 3600) -> T:
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
    bump(tracked_module(sender._meta.app_label))


def connect() -> None:
    """Watch every Gonghui model (called once from CoreConfig.ready)."""
    post_save.connect(_on_change, dispatch_uid="gonghui-figure-cache-save")
    post_delete.connect(_on_change, dispatch_uid="gonghui-figure-cache-delete")
