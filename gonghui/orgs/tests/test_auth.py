from datetime import timedelta

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from gonghui.conftest import PASSWORD
from gonghui.core.models import AuditEntry

pytestmark = pytest.mark.django_db


def _login(client: Client, username: str, password: str):
    return client.post(reverse("login"), {"username": username, "password": password})


def test_five_failures_lock_the_account_even_against_the_right_password(jianning_officer) -> None:
    client = Client()
    for _ in range(5):
        response = _login(client, "jianning", "Wrong@Pass1")
        assert response.status_code == 200
    response = _login(client, "jianning", PASSWORD)
    assert response.status_code == 200
    assert "已锁定" in response.content.decode()
    jianning_officer.refresh_from_db()
    assert jianning_officer.locked_until > timezone.now() + timedelta(minutes=29)


def test_the_lock_ends_after_thirty_minutes(jianning_officer) -> None:
    jianning_officer.locked_until = timezone.now() - timedelta(seconds=1)
    jianning_officer.save()
    response = _login(Client(), "jianning", PASSWORD)
    assert response.status_code == 302


def test_four_failures_then_success_resets_the_count(jianning_officer) -> None:
    client = Client()
    for _ in range(4):
        _login(client, "jianning", "Wrong@Pass1")
    assert _login(client, "jianning", PASSWORD).status_code == 302
    jianning_officer.refresh_from_db()
    assert jianning_officer.failed_logins == 0


def test_login_gives_a_fresh_session(jianning_officer) -> None:
    client = Client()
    client.get(reverse("login"))
    client.cookies["sessionid"] = "attacker-chosen-session-id"
    _login(client, "jianning", PASSWORD)
    assert client.cookies["sessionid"].value != "attacker-chosen-session-id"


def test_logins_are_audited_without_the_password(jianning_officer) -> None:
    _login(Client(), "jianning", "Wrong@Pass1")
    _login(Client(), "jianning", PASSWORD)
    actions = list(AuditEntry.objects.values_list("action", flat=True))
    assert actions == ["login.failed", "login.succeeded"]
    assert "Wrong@Pass1" not in str(list(AuditEntry.objects.values_list("detail", flat=True)))


@pytest.mark.parametrize("weak", ["short1A", "alllowercase1", "ALLUPPER12", "NoDigitsHere"])
def test_passwords_need_eight_characters_and_three_classes(weak: str) -> None:
    with pytest.raises(ValidationError):
        validate_password(weak)


def test_a_strong_password_is_accepted() -> None:
    validate_password("Gonghui#2018x")


def test_sessions_end_after_thirty_idle_minutes(settings) -> None:
    assert settings.SESSION_COOKIE_AGE == 1800
    assert settings.SESSION_SAVE_EVERY_REQUEST is True


def test_the_admin_is_for_superusers_only(city_officer) -> None:
    city_officer.is_staff = True
    city_officer.save()
    client = Client()
    client.force_login(city_officer)
    assert client.get("/sysadmin/").status_code == 302
