"""Portal limits hold under concurrency and key on the client, not on the reverse proxy."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.models import F
from django.test import Client
from django.urls import reverse

from gonghui.core import ratelimit
from gonghui.core.models import RateCounter
from gonghui.portal.models import PortalRequest, RequestKind
from gonghui.portal.views import FILE_LIMIT
from gonghui.testing import all_at_once

THREADS = 20
concurrent = pytest.mark.skipif(
    connection.vendor == "sqlite",
    reason="the test database on SQLite is in memory, one writer at a time; run on PostgreSQL",
)


def _filing(tree) -> dict[str, object]:
    return {
        "kind": RequestKind.COMPLAINT,
        "org": tree.jianning.pk,
        "name": "李春梅",
        "phone": "13905981234",
        "id_number": "11010519491231002X",
        "employer": "建宁溪源机械有限公司",
        "matter": "wages_owed",
        "content": "公司拖欠三个月工资。",
        "consent": "on",
    }


@pytest.fixture
def file_cache(settings, tmp_path) -> None:
    """The deployment's default cache (files), where the old cache-based limit lost counts."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(tmp_path / "cache"),
        }
    }


@concurrent
@pytest.mark.django_db(transaction=True)
def test_simultaneous_hits_pass_exactly_the_limit(file_cache) -> None:
    results = all_at_once([lambda: ratelimit.hit("test", "10.0.0.7", 5, 3600)] * THREADS)
    assert sorted(map(repr, results)) == ["False"] * 15 + ["True"] * 5


@concurrent
@pytest.mark.django_db(transaction=True)
def test_twenty_simultaneous_filings_from_one_address_accept_exactly_five(tree, file_cache) -> None:
    data = _filing(tree)

    def file() -> int:
        client = Client(REMOTE_ADDR="10.0.0.7", raise_request_exception=False)
        return client.post(reverse("portal_ask"), data).status_code

    statuses = all_at_once([file] * THREADS)
    assert sorted(statuses) == [302] * FILE_LIMIT[0] + [429] * (THREADS - FILE_LIMIT[0])
    assert PortalRequest.objects.count() == FILE_LIMIT[0]


@pytest.mark.django_db
def test_the_limit_counts_in_one_window_and_starts_again_after_it() -> None:
    assert [ratelimit.hit("w", "k", 2, 3600) for _ in range(3)] == [True, True, False]
    assert ratelimit.blocked("w", "k", 2)
    RateCounter.objects.update(window_end=F("window_end") - 3600)  # the hour has passed
    assert not ratelimit.blocked("w", "k", 2)
    assert [ratelimit.hit("w", "k", 2, 3600) for _ in range(3)] == [True, True, False]


@pytest.mark.django_db
def test_a_forged_forwarded_for_from_a_stranger_does_not_buy_more_filings(tree) -> None:
    statuses = [
        Client(REMOTE_ADDR="203.0.113.9", HTTP_X_FORWARDED_FOR=f"10.1.1.{i}")
        .post(reverse("portal_ask"), _filing(tree))
        .status_code
        for i in range(FILE_LIMIT[0] + 1)
    ]
    assert statuses[-1] == 429


@pytest.mark.django_db
def test_citizens_behind_a_trusted_proxy_have_a_bucket_each(tree, settings) -> None:
    settings.GONGHUI_TRUSTED_PROXIES = ["10.0.0.1"]
    statuses = [
        Client(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=f"198.51.100.{i}")
        .post(reverse("portal_ask"), _filing(tree))
        .status_code
        for i in range(FILE_LIMIT[0] + 1)
    ]
    assert statuses == [302] * (FILE_LIMIT[0] + 1)
