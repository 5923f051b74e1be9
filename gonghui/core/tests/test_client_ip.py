"""X-Forwarded-For is believed only from trusted proxies, up to the right-most untrusted hop."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import RequestFactory

from gonghui.core.client import client_ip


def _request(peer: str, forwarded: str | None = None):
    extra = {"REMOTE_ADDR": peer}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


def test_without_trusted_proxies_the_header_is_ignored(settings) -> None:
    settings.GONGHUI_TRUSTED_PROXIES = []
    assert client_ip(_request("203.0.113.9", "1.2.3.4")) == "203.0.113.9"


def test_the_header_from_an_untrusted_peer_is_ignored(settings) -> None:
    settings.GONGHUI_TRUSTED_PROXIES = ["10.0.0.0/8"]
    assert client_ip(_request("203.0.113.9", "1.2.3.4")) == "203.0.113.9"


def test_a_trusted_proxy_is_believed_up_to_the_right_most_untrusted_hop(settings) -> None:
    settings.GONGHUI_TRUSTED_PROXIES = ["10.0.0.0/8", "192.168.1.5"]
    # The client wrote "6.6.6.6" itself; the proxies appended the real hops.
    forwarded = "6.6.6.6, 198.51.100.7, 192.168.1.5"
    assert client_ip(_request("10.0.0.1", forwarded)) == "198.51.100.7"


def test_all_hops_trusted_gives_the_left_most_and_a_garbled_hop_stops_the_walk(settings) -> None:
    settings.GONGHUI_TRUSTED_PROXIES = ["10.0.0.0/8"]
    assert client_ip(_request("10.0.0.1", "10.0.0.3, 10.0.0.2")) == "10.0.0.3"
    assert client_ip(_request("10.0.0.1", "not-an-ip, 10.0.0.2")) == "10.0.0.2"
    assert client_ip(_request("10.0.0.1")) == "10.0.0.1"


def test_a_bad_proxy_setting_fails_loudly(settings) -> None:
    settings.GONGHUI_TRUSTED_PROXIES = ["10.0.0.300"]
    with pytest.raises(ImproperlyConfigured):
        client_ip(_request("10.0.0.1", "1.2.3.4"))


@pytest.mark.django_db
def test_the_audit_log_records_the_same_client_address(settings) -> None:
    from gonghui.core import audit

    settings.GONGHUI_TRUSTED_PROXIES = ["10.0.0.1"]
    entry = audit.record("test.seen", request=_request("10.0.0.1", "198.51.100.7"))
    assert entry.ip == "198.51.100.7"
