"""Cache of computed figures, keyed by org, date and the data version (缓存).

One key scheme for every cached figure, page part and county pass (`cached`):

    gonghui:<code version>:<install id>.<data versions>:<what>

- the code version: a digest of the source that computes figures, taken once at start-up
  (or `GONGHUI_CODE_VERSION`), so a deploy that changes a figure's rule never serves the
  figures of the old rule;
- the install id: a random number stored in the database (the `install` version row, made by
  `migrate` or on first use, renewed by `manage.py renew_install_id` after a restore), so two
  databases sharing a cache, or a database restored in place under a live cache, never meet
  each other's figures;
- the data versions: of the module whose figures they are, of the modules it reads (declared as
  `figures_read` on its AppConfig), of the org tree (every figure is scoped by it) and of
  changes no module can be named for; or the version of any change at all (`current()`).

Versions move by declared change events (gonghui.core.events, through `audit.record`) and by
every saved or deleted record of a module (signals, for writes that are not audited actions).

No hot row on the write path. The version rows used to be updated inside each writing
transaction (`UPDATE ... WHERE name IN ('*', module)`): every writer held the `*` row's lock
until it committed, so writers ran one at a time, and two transactions taking the rows in
opposite order deadlocked on PostgreSQL (HTTP 500 when 16 users registered petitions at once).
Now a transaction only notes which modules it changed; after it commits (`on_commit`) each
row is moved by its own one-row autocommit UPDATE, `*` first, then the modules in name order.
A row lock is then held for one statement, never across a transaction, and never two at once,
so writers do not wait for each other's transactions and cannot deadlock. Measured on
PostgreSQL 15 (core/tests/test_simultaneous_writes.py: 16 writers at the same instant, 5
rounds, petitions and lifted households): before, most writes died in `deadlock detected` (the
version rows and the audit head taken in opposite orders); after, none. On a loaded 2-core
machine a petition registration costs the same either way (32-59 ms, noise), and 16 at once
finished in 745-855 ms against 963-1,222 ms before.

Alternatives weighed: PostgreSQL sequences (nextval takes no row lock) would need another
scheme on SQLite, and move on rolled-back transactions too; versions derived from the records'
own max change stamp would need a stamp and an index on every record model, and a query per
module per page. Counters moved after commit keep one query per page and work the same on both
databases.

Why after commit is safe: a reader takes the versions BEFORE it reads the records, and a
version moves only AFTER the records it covers are committed. So a value cached under version
v was computed from records at least as new as v says; a reader can never store figures of
pre-commit records under the post-commit version. Between a commit and its bump (one
statement later, in the same request) a reader may still be served the previous figure, as
if it had read just before the commit. If the process dies between the two, the figure is
stale until the cache entry's timeout (an hour): the accepted cost of not holding a lock.

Inside a test's wrapping transaction (pytest-django's non-transactional tests), which never
commits, the rows move at once, as they did before, so those tests see their own changes.
"""

from __future__ import annotations

import functools
import hashlib
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, router, transaction
from django.db.models import F
from django.db.models.signals import post_delete, post_save

from gonghui.core.models import AuditEntry, AuditHead, BackgroundJob, DataVersion

T = TypeVar("T")
UNTRACKED = (AuditEntry, AuditHead, DataVersion, BackgroundJob)

# Version rows: ANY moves on every change (for what depends on everything); ALL moves on a
# change no module can be named for, and so makes every module's figures stale; each module
# (app label) has its own row, moved by changes of its records. INSTALL never moves: it is the
# database's identity (see the module docstring), renewed only by `renew_install_id`.
ANY = "*"
ALL = "all"
INSTALL = "install"
TREE = "orgs"


@dataclass(frozen=True)
class Versions:
    """The data versions and the install id at one moment (one query), to key a page's
    cached figures."""

    values: dict[str, int]
    reads: dict[str, tuple[str, ...] | None] = field(default_factory=dict)

    @property
    def any(self) -> int:
        return self.values.get(ANY, 0)

    @property
    def install(self) -> str:
        return f"i{self.values.get(INSTALL, 0):x}"

    def everything(self) -> str:
        """The stamp of whatever depends on every record: moves on any change."""
        return f"{self.install}.{ANY}{self.any}"

    def of(self, module: str) -> str:
        """The stamp of a module's figures: its own records', the tree's and those it reads
        (declared as `figures_read` on its AppConfig), or every change for a module that
        reads all."""
        reads = self.reads[module] if module in self.reads else figures_read(module)
        if reads is None:
            return self.everything()
        names = sorted({module, ALL, TREE, *reads})
        return ".".join([self.install, *(f"{name}{self.values.get(name, 0)}" for name in names)])


def make_install_id(using: str = "default", **kwargs: Any) -> None:
    """Give a database its install id if it has none (after `migrate` and flush, by the
    post_migrate signal; else on first use)."""
    if not DataVersion.objects.using(using).filter(name=INSTALL).exists():
        DataVersion.objects.using(using).get_or_create(
            name=INSTALL, defaults={"value": fresh_value()}
        )


def _with_install(values: dict[str, int]) -> dict[str, int]:
    """The values, with the install id made on first use (by whichever process comes first)."""
    if INSTALL not in values:
        try:
            with transaction.atomic():
                row, _ = DataVersion.objects.get_or_create(
                    name=INSTALL, defaults={"value": fresh_value()}
                )
        except IntegrityError:  # made meanwhile by another process
            row = DataVersion.objects.get(name=INSTALL)
        values = {**values, INSTALL: row.value}
    return values


def snapshot() -> Versions:
    """Every version row now (one small query, and one per module whose reads depend on its
    records, such as supervision's tasks measured by other modules' indicators)."""
    reads = {
        config.label: tuple(config.figures_read())
        for config in apps.get_app_configs()
        if callable(getattr(config, "figures_read", None))
    }
    return Versions(_with_install(dict(DataVersion.objects.values_list("name", "value"))), reads)


def current(module: str | None = None) -> str:
    """The stamp now: of everything (moves on any change), or of the module's figures (one
    query, reading only the rows the stamp is made of)."""
    reads = None if module is None else figures_read(module)
    names = [ANY] if reads is None else [module, ALL, TREE, *reads]
    rows = DataVersion.objects.filter(name__in=[*names, INSTALL]).values_list("name", "value")
    if module is None:
        return Versions(_with_install(dict(rows))).everything()
    return Versions(_with_install(dict(rows)), {module: reads}).of(module)


def renew_install_id() -> str:
    """Give the database a new identity (after a restore): no figure cached before is met."""
    DataVersion.objects.update_or_create(name=INSTALL, defaults={"value": fresh_value()})
    return current()


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
    """Mark the module's cached figures stale (every module's when None), once the current
    transaction commits (at once outside a transaction)."""
    name = module or ALL
    connection = transaction.get_connection(router.db_for_write(DataVersion))
    # Django marks the transaction a TestCase wraps each test in: it never commits.
    blocks = connection.atomic_blocks
    if not connection.in_atomic_block or getattr(blocks[0], "_from_testcase", False):
        _move([name], connection.alias)
        return
    # One callback per transaction, moving every module it changed (an import saves thousands
    # of rows of one module). A callback dropped with a rolled-back transaction or savepoint
    # takes its pending names with it: they were never committed.
    pending: dict[str, None] = connection.__dict__.setdefault("_figure_bumps", {})
    flush = connection.__dict__.get("_figure_flush")
    if flush is None or not any(entry[1] is flush for entry in connection.run_on_commit):
        pending.clear()

        def flush() -> None:
            names = list(pending)
            pending.clear()
            _move(names, connection.alias)

        connection.__dict__["_figure_flush"] = flush
        transaction.on_commit(flush, using=connection.alias)
    pending[name] = None


def _move(names: list[str], using: str) -> None:
    """Move ANY and the named rows, each by its own one-row statement, in a fixed order."""
    for name in [ANY, *sorted(set(names) - {ANY})]:
        rows = DataVersion.objects.using(using).filter(name=name)
        if rows.update(value=F("value") + 1) == 0:
            try:
                with transaction.atomic(using=using):
                    DataVersion.objects.using(using).get_or_create(
                        name=name, defaults={"value": fresh_value()}
                    )
            except IntegrityError:  # made meanwhile by another process: move it
                rows.update(value=F("value") + 1)


# The packages whose source computes figures; tests and migrations compute none.
FIGURE_SOURCE = Path(__file__).resolve().parent.parent


def source_digest(root: Path = FIGURE_SOURCE) -> str:
    """A digest of the Python source under root (tests and migrations left out)."""
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*.py")):
        relative = path.relative_to(root).as_posix()
        if "/tests/" in f"/{relative}" or "/migrations/" in f"/{relative}":
            continue
        digest.update(relative.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


@functools.cache
def _startup_digest() -> str:
    return source_digest()


def code_version() -> str:
    """The code the figures are computed by: `GONGHUI_CODE_VERSION` when set (a release tag),
    else the source's digest, taken at start-up (CoreConfig.ready) so that a process started
    before a deploy keeps keying by the code it runs."""
    return str(getattr(settings, "GONGHUI_CODE_VERSION", "") or _startup_digest())


def cache_key(key: str, version: int | str) -> str:
    """The one key of a cached figure: code version, install id and data versions, what."""
    full_key = f"gonghui:{code_version()}:{version}:{key}"
    if len(full_key) > 200:  # memcached refuses keys over 250 characters
        digest = hashlib.sha1(f"{version}:{key}".encode(), usedforsecurity=False).hexdigest()
        full_key = f"gonghui:{code_version()}:sha1:{digest}"
    return full_key


def cached(key: str, version: int | str, compute: Callable[[], T], timeout: int = 3600) -> T:
    """The value cached under (key, version stamp), computing it on a miss. The stamp comes
    from `current()` or `snapshot()`, taken before the records are read."""
    full_key = cache_key(key, version)
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
