"""Shared test fixtures: a small org tree and the named personas used everywhere; the demo.

The tree: 三明市总工会 → 建宁县总工会 → 濉溪镇总工会 → 建宁某公司工会; and a sibling,
泰宁县总工会 → 杉城镇总工会 → 泰宁某公司工会. Personas: city_officer, jianning_officer,
taining_officer, chair (建宁 grassroots), lawyer, judge, worker (建宁 grassroots), anonymous.

The demo (`demo`): a test that needs the whole demo (三明, 12 counties, mid-2018) asks for it
as an argument instead of running `load_demo`::

    def test_the_city_has_twelve_counties(demo: Demo) -> None:
        assert demo.city.children.filter(level=Level.COUNTY).count() == 12
        client_for(demo.user("jianning")).get(...)

The session loads the demo once, into a test database of its own (gonghui/testing.py); each
test that asks for `demo` runs on it inside a transaction rolled back at its end, so it may
change anything and the next demo test still starts from the pristine demo (figure cache
cleared, data versions as loaded). Tests without `demo` keep the empty test database, and
never see the demo. `demo` implies `db`; it cannot be combined with `transaction=True` (a
flush would empty the demo) — such a test builds its own records. `demo.report` is what
`load_demo` printed, `demo.summary("supervision")` one part's line, `demo.city`,
`demo.county("建宁")` and `demo.user("city")` the demo's orgs and logins. Don't mix `demo`
with `tree` or the personas: those make a second 三明 beside the demo's.

Hypothesis: no deadline for any test (profile "gonghui", loaded here): on a busy CI machine a
database-backed example can take longer than 200 ms without anything being wrong.
"""

from __future__ import annotations

from collections.abc import Generator, Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections
from django.test import Client
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from gonghui.orgs.models import LAST_MOVE_KEY, Department, Level, Org, Role, User
from gonghui.testing import Demo, DemoDatabase, wants_transactions

PASSWORD = "Test@Pass2018"

hypothesis_settings.register_profile(
    "gonghui", deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
hypothesis_settings.load_profile("gonghui")


@dataclass
class Tree:
    city: Org
    jianning: Org
    jianning_town: Org
    jianning_union: Org
    taining: Org
    taining_town: Org
    taining_union: Org


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    """Each test's database starts over, and so must the figure cache keyed by its version."""
    cache.clear()
    # A test database starts with no move of the tree (the marker is otherwise read once per
    # cache lifetime, one query that would land in the first request a test measures).
    cache.set(LAST_MOVE_KEY, "", None)


@pytest.fixture(scope="session")
def _demo_database(django_db_setup: None, django_db_blocker: Any) -> Iterator[DemoDatabase]:
    """The demo, loaded once per session into a database of its own (see `demo`)."""
    with django_db_blocker.unblock():
        database = DemoDatabase(connections[DEFAULT_DB_ALIAS])
        database.create()
        database.load()
    yield database
    with django_db_blocker.unblock():
        database.destroy()


@pytest.hookimpl(wrapper=True)
def pytest_fixture_setup(fixturedef: Any, request: pytest.FixtureRequest) -> Generator[None]:
    """A demo test's connection is switched to the demo database before pytest-django opens
    the test's transaction (whether `db` comes from `demo` or from a django_db mark), and
    switched back after that transaction is rolled back."""
    if fixturedef.argname == "_django_db_helper" and "demo" in request.fixturenames:
        if wants_transactions(request):
            pytest.fail("`demo` 不能与 transaction=True 同用：清空数据库会清掉演示数据", False)
        database: DemoDatabase = request.getfixturevalue("_demo_database")
        fixturedef.addfinalizer(database.switch())
    return (yield)


@pytest.fixture
def demo(_demo_database: DemoDatabase, db: None) -> Demo:
    """The whole demo, pristine, in a transaction rolled back after the test (see above)."""
    if connections[DEFAULT_DB_ALIAS] is not _demo_database.wrapper:
        pytest.fail("请把 demo 写成测试函数的参数（不要用 getfixturevalue）", False)
    return Demo(_demo_database)


@pytest.fixture
def tree(db: None) -> Tree:
    return make_tree()


def make_tree() -> Tree:
    """The test tree (see the top of this file)."""
    city = Org.objects.create(name="三明市总工会", level=Level.CITY, admin_code="350400")
    jianning = Org.objects.create(
        name="建宁县总工会", short_name="建宁", level=Level.COUNTY, parent=city, admin_code="350430"
    )
    jtown = Org.objects.create(name="濉溪镇总工会", level=Level.TOWNSHIP, parent=jianning)
    junion = Org.objects.create(
        name="建宁溪源机械有限公司工会委员会",
        level=Level.GRASSROOTS,
        parent=jtown,
        credit_code="91350430MA2XN00017",
        established_on=date(2010, 1, 1),
    )
    taining = Org.objects.create(
        name="泰宁县总工会", short_name="泰宁", level=Level.COUNTY, parent=city, admin_code="350429"
    )
    ttown = Org.objects.create(name="杉城镇总工会", level=Level.TOWNSHIP, parent=taining)
    tunion = Org.objects.create(
        name="泰宁金湖旅游有限公司工会委员会", level=Level.GRASSROOTS, parent=ttown
    )
    return Tree(city, jianning, jtown, junion, taining, ttown, tunion)


def make_user(username: str, org: Org, *roles: str, **extra: object) -> User:
    """A user with the test password."""
    user = User(username=username, org=org, roles=",".join(roles), **extra)
    user.set_password(PASSWORD)
    user.save()
    return user


def make_persona(name: str, tree: Tree) -> User:
    """One of the named personas (a key of PERSONA_ACCOUNTS), in the test tree."""
    username, org, role, department = PERSONA_ACCOUNTS[name]
    extra = {"department": department} if department else {}
    return make_user(username, getattr(tree, org), role, **extra)


def make_personas(tree: Tree) -> dict[str, User | None]:
    """Every persona by name, as the `personas` fixture gives them; "anonymous" is None."""
    made: dict[str, User | None] = {name: make_persona(name, tree) for name in PERSONA_ACCOUNTS}
    return {**made, "anonymous": None}


# persona: (username, the org of the tree, role, department)
PERSONA_ACCOUNTS: dict[str, tuple[str, str, str, str]] = {
    "city_officer": ("city", "city", Role.OFFICER, Department.ORGANIZATION),
    "jianning_officer": ("jianning", "jianning", Role.OFFICER, Department.RIGHTS),
    "taining_officer": ("taining", "taining", Role.OFFICER, Department.RIGHTS),
    "chair": ("chair", "jianning_union", Role.OFFICER, Department.CHAIR),
    "lawyer": ("lawyer", "city", Role.LAWYER, ""),
    "judge": ("judge", "city", Role.JUDGE, ""),
    "worker": ("worker", "jianning_union", Role.WORKER, ""),
}


@pytest.fixture
def city_officer(tree: Tree) -> User:
    return make_persona("city_officer", tree)


@pytest.fixture
def jianning_officer(tree: Tree) -> User:
    return make_persona("jianning_officer", tree)


@pytest.fixture
def taining_officer(tree: Tree) -> User:
    return make_persona("taining_officer", tree)


@pytest.fixture
def chair(tree: Tree) -> User:
    return make_persona("chair", tree)


@pytest.fixture
def lawyer(tree: Tree) -> User:
    return make_persona("lawyer", tree)


@pytest.fixture
def judge(tree: Tree) -> User:
    return make_persona("judge", tree)


@pytest.fixture
def worker(tree: Tree) -> User:
    return make_persona("worker", tree)


@pytest.fixture
def personas(
    city_officer: User,
    jianning_officer: User,
    taining_officer: User,
    chair: User,
    lawyer: User,
    judge: User,
    worker: User,
) -> dict[str, User | None]:
    """Every persona by name; "anonymous" is None."""
    return {
        "city_officer": city_officer,
        "jianning_officer": jianning_officer,
        "taining_officer": taining_officer,
        "chair": chair,
        "lawyer": lawyer,
        "judge": judge,
        "worker": worker,
        "anonymous": None,
    }


def client_for(user: User | None) -> Client:
    """A test client logged in as the user (anonymous for None)."""
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def staff_actor() -> User:
    """A superuser to act in tests whose subject is not the permission (actions refuse None)."""
    user = User.objects.filter(username="staff-actor").first()
    return user or make_user("staff-actor", None, is_superuser=True)  # type: ignore[arg-type]
