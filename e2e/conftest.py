"""Browser tests: Playwright driving Debian's chromium against Django's live server."""

from __future__ import annotations

import shutil
from typing import Any

import pytest
from playwright.sync_api import Page

from gonghui.conftest import *
from gonghui.conftest import PASSWORD

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
def _live_data(transactional_db: None) -> None:
    """The live server thread must see the test's rows, so no wrapping transaction."""


def login(page: Page, base_url: str, username: str, password: str = PASSWORD) -> None:
    """Log in through the real form."""
    page.goto(f"{base_url}/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录").click()
