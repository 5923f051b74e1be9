"""A strict Content-Security-Policy on every page, which the templates can live with."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from gonghui.conftest import client_for

TEMPLATE_ROOT = Path(settings.BASE_DIR) / "gonghui"
INLINE_SCRIPT = re.compile(
    r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.IGNORECASE
)
INLINE_HANDLER = re.compile(r"\son[a-z]+\s*=", re.IGNORECASE)
INLINE_STYLE = re.compile(r"\sstyle\s*=|<style", re.IGNORECASE)


def _templates() -> list[Path]:
    return sorted(TEMPLATE_ROOT.glob("**/templates/**/*.html"))


def test_the_policy_is_strict() -> None:
    csp = settings.SECURE_CSP
    assert csp["default-src"] == ["'self'"]
    for directive in ("script-src", "style-src"):
        assert all("unsafe" not in source for source in csp[directive]), directive
    assert "django.middleware.csp.ContentSecurityPolicyMiddleware" in settings.MIDDLEWARE


@pytest.mark.parametrize("path", _templates(), ids=lambda p: str(p.relative_to(TEMPLATE_ROOT)))
def test_no_template_has_an_inline_script_handler_or_style(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert not INLINE_SCRIPT.search(text), "inline <script>: move it to a static .js file"
    assert not INLINE_HANDLER.search(text), "inline on…= handler: use a data- attribute"
    assert not INLINE_STYLE.search(text), "inline style: use a class in gonghui.css"


PAGES = [
    "home",
    "org_tree",
    "dashboard",
    "hardship:archive_list",
    "hardship:survey",
    "rights:petition_list",
    "jobs",
    "password_change",
]


@pytest.mark.django_db
@pytest.mark.parametrize("name", PAGES)
def test_every_main_page_carries_the_policy(name, city_officer) -> None:
    response = client_for(city_officer).get(reverse(name), follow=True)
    assert response.status_code == 200
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert not INLINE_SCRIPT.search(response.content.decode())


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/accounts/login/", "/portal/", "/portal/help/", "/api/v1/docs"])
def test_public_pages_carry_the_policy_too(path, tree) -> None:
    response = Client().get(path)
    assert response.status_code == 200
    assert "default-src 'self'" in response["Content-Security-Policy"]
