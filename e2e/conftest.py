"""Browser tests: Playwright driving Debian's chromium against Django's live server."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Page, expect

from e2e.demo_server import demo_server
from gonghui.conftest import *
from gonghui.conftest import PASSWORD
from gonghui.core.demo import DEMO_PASSWORD

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    # Debian's chromium, never a downloaded browser; no background traffic (closed network).
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture(autouse=True)
def _live_data(request: pytest.FixtureRequest) -> None:
    """The live server thread must see the test's rows, so no wrapping transaction; tests on
    the demo server (the `demo` fixture) use that server's own database instead."""
    if "demo" not in request.fixturenames:
        request.getfixturevalue("transactional_db")


@pytest.fixture(scope="module")
def demo() -> Iterator[str]:
    """A demo server (the demo data in a temporary SQLite file), one per test module."""
    with demo_server() as base:
        yield base


# Whatever the Content-Security-Policy refused in any page of the current test.
CSP_REFUSALS: list[str] = []


def _watch_csp(message: ConsoleMessage) -> None:
    if "Content Security Policy" in message.text:
        CSP_REFUSALS.append(message.text)


@pytest.fixture
def page(page: Page) -> Page:
    """pytest-playwright's page, watched for what the Content-Security-Policy refuses."""
    page.on("console", _watch_csp)
    return page


@pytest.fixture(autouse=True)
def _nothing_refused_by_the_csp() -> Iterator[None]:
    CSP_REFUSALS.clear()
    yield
    assert CSP_REFUSALS == [], "the Content-Security-Policy refused part of a page"


def as_user(browser: Browser, base: str, username: str, password: str = DEMO_PASSWORD) -> Page:
    """A fresh browser context logged in through the real form."""
    page = browser.new_context(viewport={"width": 1366, "height": 900}).new_page()
    page.on("console", _watch_csp)
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_test_id("whoami")).to_be_visible()
    return page


def login(page: Page, base_url: str, username: str, password: str = PASSWORD) -> None:
    """Log in through the real form."""
    page.goto(f"{base_url}/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录").click()
