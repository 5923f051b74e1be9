"""Shared test fixtures: a small org tree and the named personas used everywhere.

The tree: 三明市总工会 → 建宁县总工会 → 濉溪镇总工会 → 建宁某公司工会; and a sibling,
泰宁县总工会 → 杉城镇总工会 → 泰宁某公司工会. Personas: city_officer, jianning_officer,
taining_officer, chair (建宁 grassroots), lawyer, judge, worker (建宁 grassroots), anonymous.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest
from django.core.cache import cache
from django.test import Client

from gonghui.orgs.models import Department, Level, Org, Role, User

PASSWORD = "Test@Pass2018"


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


@pytest.fixture
def tree(db: None) -> Tree:
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


@pytest.fixture
def city_officer(tree: Tree) -> User:
    return make_user("city", tree.city, Role.OFFICER, department=Department.ORGANIZATION)


@pytest.fixture
def jianning_officer(tree: Tree) -> User:
    return make_user("jianning", tree.jianning, Role.OFFICER, department=Department.RIGHTS)


@pytest.fixture
def taining_officer(tree: Tree) -> User:
    return make_user("taining", tree.taining, Role.OFFICER, department=Department.RIGHTS)


@pytest.fixture
def chair(tree: Tree) -> User:
    return make_user("chair", tree.jianning_union, Role.OFFICER, department=Department.CHAIR)


@pytest.fixture
def lawyer(tree: Tree) -> User:
    return make_user("lawyer", tree.city, Role.LAWYER)


@pytest.fixture
def judge(tree: Tree) -> User:
    return make_user("judge", tree.city, Role.JUDGE)


@pytest.fixture
def worker(tree: Tree) -> User:
    return make_user("worker", tree.jianning_union, Role.WORKER)


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
