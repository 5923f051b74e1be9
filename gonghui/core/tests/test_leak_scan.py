"""The leak scan: no page, export, API answer or job output shows a full ID number.

On the demo, each persona crawls the application: every GET route of the URLconf without path
parameters is a start, every link on a page it gets is followed (so path parameters are filled
with real demo ids the persona reaches), a few answers per route. Every answer is read as a
reader would (HTML, JSON, the cells of an xlsx, the text of a docx) and must contain no full ID
number, except the audited reveal (a POST with a reason) and the deliberate full-ID export
(its own right, a reason and a job), which the crawl never asks for.

The demo is the session's (`demo`, gonghui/testing.py): loaded once, each persona's crawl
rolled back.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.exceptions import Resolver404

from gonghui.orgs.tests.matrix_content import body_text
from gonghui.testing import Demo

FULL_ID = re.compile(r"(?<![0-9])[1-9][0-9]{16}[0-9Xx](?![0-9])")
# Numbers printed as examples in help text and templates (GB 11643's own example), nobody's.
SAMPLE_IDS = frozenset({"11010519491231002X"})
# Users of the demo, one a persona; "anonymous" is no one.
PERSONAS = (
    "admin",
    "city",
    "jianning",
    "taining",
    "chair",
    "lawyer",
    "judge",
    "worker",
    "anonymous",
)
# Routes a crawl must not take: they act on GET (sign out, switch language) or are the admin.
NOT_CRAWLED = {"logout", "set_language"}
PER_ROUTE = 1  # answers read per route and persona (the demo is large; one is enough)
LINK = re.compile(r"""(?:href|hx-get|src)=["'](/[^"'#\s]*)""")


def get_routes(resolver: URLResolver | None = None, namespace: str = "") -> dict[str, str]:
    """Every named route (namespace:name) and its pattern, the admin left out."""
    routes: dict[str, str] = {}
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            if entry.app_name == "admin":
                continue
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            for name, pattern in get_routes(entry, inner).items():
                routes[name] = str(entry.pattern) + pattern
        elif isinstance(entry, URLPattern) and entry.name:
            routes[f"{namespace}{entry.name}"] = str(entry.pattern)
    return routes


def start_urls() -> list[str]:
    """The GET routes that need no path parameter (where a crawl starts)."""
    urls = []
    for name, pattern in sorted(get_routes().items()):
        if "<" not in pattern and name not in NOT_CRAWLED:
            urls.append("/" + pattern)
    return urls


@dataclass
class Scan:
    persona: str
    read: Counter[str] = field(default_factory=Counter)
    urls: int = 0
    leaks: list[str] = field(default_factory=list)


def full_ids(text: str) -> list[str]:
    return [m for m in FULL_ID.findall(text) if m not in SAMPLE_IDS]


def crawl(persona: str, client: Client, headers: dict[str, str]) -> Scan:
    """Read every route the persona reaches, a few answers a route, and note the leaks."""
    scan = Scan(persona)
    queue = start_urls()
    seen: set[str] = set()
    while queue:
        url = queue.pop(0)
        if url in seen:
            continue
        seen.add(url)
        try:
            name = resolve(urlsplit(url).path).view_name
        except Resolver404:
            continue
        if name in NOT_CRAWLED or name.startswith("admin:") or scan.read[name] >= PER_ROUTE:
            continue
        scan.read[name] += 1
        scan.urls += 1
        extra = headers if name.startswith("api:") else {}
        response = client.get(url, headers=extra)
        text = body_text(response)
        found = full_ids(text)
        if found:
            scan.leaks.append(f"{url} ({name}): {found[:3]}")
        if "html" in response.get("Content-Type", ""):
            queue.extend(m.replace("&amp;", "&") for m in LINK.findall(text))
    return scan


def _with_jobs(username: str, django_capture_on_commit_callbacks: object) -> None:
    """Give the persona's crawl job outputs to read: the briefing of its org, run now."""
    from gonghui.orgs.models import User

    user = User.objects.get(username=username)
    if not user.sees_subtree or user.org_id is None:
        return
    client = Client()
    client.force_login(user)
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        client.post(f"/dashboard/briefing.docx?org={user.org_id}&as_of=2018-06-30")


@pytest.mark.parametrize("persona", PERSONAS)
def test_no_answer_shows_a_full_id_number(
    persona: str, demo: Demo, db: None, django_capture_on_commit_callbacks: object
) -> None:
    from gonghui.api.models import ApiToken
    from gonghui.orgs.models import User

    client = Client()
    headers: dict[str, str] = {}
    if persona != "anonymous":
        _with_jobs(persona, django_capture_on_commit_callbacks)
        user = User.objects.get(username=persona)
        client.force_login(user)
        headers = {"Authorization": f"Bearer {ApiToken.issue(user, '泄露扫描')[1]}"}
    scan = crawl(persona, client, headers)
    print(f"{persona}: {scan.urls} answers read on {len(scan.read)} routes")
    assert scan.urls > 5
    if persona in ("admin", "city", "jianning", "taining"):
        # The persona's briefing job was reached through its pages, and its file read.
        assert scan.read["job_download"] == 1, sorted(scan.read)
    assert not scan.leaks, "\n".join(scan.leaks)
