"""Test support: the demo (演示数据) built once per test session, in a database of its own.

Loading the demo takes half a minute on an idle machine, minutes on a busy one; eleven tests
used to load it (or the org tree and one part) each. Now the session loads it once into a second
test database, a copy of the migrated (still empty) test database, so content type and
permission ids agree between the two. A test that asks for the `demo`
fixture (gonghui/conftest.py) runs with the default connection switched to that database, inside
the transaction pytest-django rolls back at the test's end, so every demo test starts from the
pristine demo; every other test keeps the empty test database, and a `transaction=True` test
flushes only that one.
"""

from __future__ import annotations

import io
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.core.cache import cache
from django.core.management import call_command
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.utils import load_backend

if TYPE_CHECKING:
    from gonghui.orgs.models import Org, User

SUFFIX = "demo"


class DemoDatabase:
    """The session's demo database: made from the empty test database, loaded once, dropped at
    the end. SQLite (in memory or on file) and PostgreSQL."""

    def __init__(self, source: BaseDatabaseWrapper) -> None:
        self.source = source
        if source.vendor == "sqlite":
            name = str(source.settings_dict["NAME"])
            if source.is_in_memory_db():
                clone = f"file:memorydb_{source.alias}_{SUFFIX}?mode=memory&cache=shared"
            else:
                root, ext = os.path.splitext(name)
                clone = f"{root}_{SUFFIX}{ext}"
            self.settings = {**source.settings_dict, "NAME": clone}
        elif source.vendor == "postgresql":
            self.settings = source.creation.get_test_db_clone_settings(SUFFIX)
        else:
            raise NotImplementedError(f"演示数据库：不支持 {source.vendor} 数据库")
        backend = load_backend(self.settings["ENGINE"])
        self.wrapper: BaseDatabaseWrapper = backend.DatabaseWrapper(self.settings, source.alias)
        self.report = ""
        self.fingerprint: dict[str, object] = {}

    def create(self) -> None:
        """Copy the empty, migrated test database (schema and the migrations' rows)."""
        if self.source.vendor == "postgresql":
            # CREATE DATABASE … TEMPLATE, the way Django's parallel runner clones.
            self.source.creation.clone_test_db(suffix=SUFFIX, verbosity=0)
            return
        if not self.source.is_in_memory_db() and os.path.exists(self.settings["NAME"]):
            os.remove(self.settings["NAME"])
        self.source.ensure_connection()
        self.wrapper.ensure_connection()
        self.source.connection.backup(self.wrapper.connection)

    def load(self) -> None:
        """Load the demo the way `make demo` does (the command, in autocommit), once."""
        out = io.StringIO()
        with self.switched():
            call_command("load_demo", stdout=out)
            self.fingerprint = fingerprint()
        self.report = out.getvalue()
        cache.clear()

    def destroy(self) -> None:
        if self.source.vendor == "postgresql":
            self.wrapper.close()
            self.source.creation.destroy_test_db(verbosity=0, suffix=SUFFIX)
            return
        # An in-memory SQLite database lives as long as a connection to it; Django's close()
        # keeps such connections open on purpose, so close the driver's connection itself.
        if self.wrapper.connection is not None:
            self.wrapper.connection.close()
            self.wrapper.connection = None
        if not self.wrapper.is_in_memory_db() and os.path.exists(self.settings["NAME"]):
            os.remove(self.settings["NAME"])

    @contextmanager
    def switched(self) -> Iterator[BaseDatabaseWrapper]:
        """The default connection (of this thread) is the demo database's meanwhile."""
        restore = self.switch()
        try:
            yield self.wrapper
        finally:
            restore()

    def switch(self) -> Callable[[], None]:
        """Make the demo database the default connection; returns the function that undoes it."""
        previous = connections[DEFAULT_DB_ALIAS]

        def restore() -> None:
            connections[DEFAULT_DB_ALIAS] = previous

        connections[DEFAULT_DB_ALIAS] = self.wrapper
        return restore


def fingerprint() -> dict[str, object]:
    """What a test could change in the database: every model's row count and the data
    versions (the figure cache's keys)."""
    from gonghui.core.models import DataVersion

    counts: dict[str, object] = {
        model._meta.label: model._base_manager.count()
        for model in apps.get_models()
        if model._meta.managed and not model._meta.proxy
    }
    counts["data versions"] = dict(DataVersion.objects.values_list("name", "value"))
    return counts


@dataclass
class Demo:
    """The demo as a test sees it: what loading it printed, and its orgs and users."""

    database: DemoDatabase

    @property
    def report(self) -> str:
        """The output of `load_demo` (each part's summary, then the logins)."""
        return self.database.report

    def summary(self, part: str) -> str:
        """What a part (an app label: "supervision", "honors", …) said it loaded."""
        prefix = f"[{part}] "
        lines = [line for line in self.report.splitlines() if line.startswith(prefix)]
        assert lines, f"演示数据没有 {part} 部分"
        return lines[0].removeprefix(prefix)

    @cached_property
    def city(self) -> Org:
        from gonghui.core.demo import CITY_CODE
        from gonghui.orgs.models import Org

        return Org.objects.get(admin_code=CITY_CODE)

    def county(self, short_name: str) -> Org:
        """A county-level union by its short name (建宁, 泰宁, …)."""
        from gonghui.orgs.models import Level, Org

        return Org.objects.get(level=Level.COUNTY, short_name=short_name)

    def user(self, username: str) -> User:
        """A demo login (city, jianning, taining, chair, lawyer, judge, worker)."""
        from gonghui.orgs.models import User

        return User.objects.get(username=username)

    def fingerprint(self) -> dict[str, object]:
        """The database's fingerprint now, to compare with `database.fingerprint` (as loaded)."""
        return fingerprint()


def wants_transactions(request: Any) -> bool:
    """Whether the test runs as a TransactionTestCase (it would flush the demo database)."""
    names = set(request.fixturenames)
    if names & {"transactional_db", "live_server", "django_db_reset_sequences"}:
        return True
    marker = request.node.get_closest_marker("django_db")
    if marker is None:
        return False
    transaction = marker.kwargs.get("transaction", marker.args[0] if marker.args else False)
    return bool(transaction or marker.kwargs.get("reset_sequences"))


def held_records[T](django_db_blocker: Any, make: Callable[[], T]) -> Iterator[T]:
    """For a module-scoped fixture (`yield from held_records(django_db_blocker, make)`): the
    records `make` writes, made once in a transaction held open around the module's tests and
    rolled back after the last. Each test's own transaction (pytest-django's) nests in it as a
    savepoint rolled back after the test, so every test starts from just these records.

    pytest tears a module's fixtures down before a test of another module runs, whatever the
    order, so no other test sees the records. The tests must not be transaction=True."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic._from_testcase = True  # type: ignore[attr-defined]  # durable blocks nest in it
        atomic.__enter__()
        try:
            made = make()
        except BaseException:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
            raise
    try:
        yield made
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def all_at_once(calls: list[Callable[[], Any]]) -> list[Any]:
    """Run every call in a thread of its own, released together (a race, for real): each call's
    result, or the exception it raised, in the order of the calls. Each thread closes its own
    database connections; a thread still running after five minutes fails the test (a lock held
    forever)."""
    import threading

    barrier = threading.Barrier(len(calls))
    results: list[Any] = [None] * len(calls)

    def run(index: int) -> None:
        try:
            barrier.wait(timeout=60)
            results[index] = calls[index]()
        except BaseException as exc:  # noqa: BLE001 - every failure is the caller's finding
            results[index] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(calls))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert not any(t.is_alive() for t in threads), "a thread never finished (a lock held forever)"
    return results
