"""30 simultaneous wrong passwords: at most 5 password checks before the lock holds."""

from __future__ import annotations

import threading

import pytest
from django.contrib.auth import authenticate
from django.contrib.auth.hashers import MD5PasswordHasher
from django.db import connection

from gonghui.orgs.models import User
from gonghui.testing import all_at_once

THREADS = 30


class CountingHasher(MD5PasswordHasher):
    """The test suite's fast hasher, counting the password checks it makes."""

    algorithm = "counting_md5"
    checks = 0
    _lock = threading.Lock()

    def verify(self, password: str, encoded: str) -> bool:
        with CountingHasher._lock:
            CountingHasher.checks += 1
        return super().verify(password, encoded)


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor == "sqlite",
    reason="SQLite runs one writer at a time; the race needs PostgreSQL's concurrent sessions",
)
def test_thirty_simultaneous_wrong_passwords_are_checked_at_most_five_times(
    jianning_officer: User, settings: object
) -> None:
    settings.PASSWORD_HASHERS = [f"{__name__}.CountingHasher"]  # type: ignore[attr-defined]
    jianning_officer.set_password("Right@Pass2018")
    jianning_officer.save()
    CountingHasher.checks = 0
    outcomes = all_at_once(
        [lambda: authenticate(None, username="jianning", password="Wrong@Pass1")] * THREADS
    )
    results = [o for o in outcomes if not isinstance(o, BaseException)]
    errors = [o for o in outcomes if isinstance(o, BaseException)]

    assert errors == []
    assert results == [None] * THREADS
    assert 1 <= CountingHasher.checks <= 5
    jianning_officer.refresh_from_db()
    assert jianning_officer.locked_until is not None
    # Locked now: even the right password is not checked.
    checks = CountingHasher.checks
    assert authenticate(None, username="jianning", password="Right@Pass2018") is None
    assert CountingHasher.checks == checks
