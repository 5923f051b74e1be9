"""Users change their own passwords; resets and new accounts force a change; passwords may
expire; guessable passwords are refused."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from gonghui.conftest import PASSWORD, client_for
from gonghui.core.demo import DEMO_PASSWORD
from gonghui.core.models import AuditEntry
from gonghui.orgs.models import Role, User

NEW = "Hj8%dw2Lq-Tide"


def _change(client: Client, old: str = PASSWORD, new: str = NEW, again: str | None = None):
    return client.post(
        reverse("password_change"),
        {"old_password": old, "new_password1": new, "new_password2": again or new},
    )


@pytest.mark.parametrize(
    "weak",
    [
        "Passw0rd!",
        DEMO_PASSWORD,  # Gonghui@2018: the site's name and a year
        "Sanming@2018",
        "Jianning#2023",
        "P@ssw0rd123",
        "Woaini1314!",
        "ZhangWei1990!",
        "Admin@123",
        "Iloveyou2018!",
        "1qaz@WSX",
        "1q2w3e4R!",
        "Qwer!234",
        "Zxcv@1234",
        "Aa123456!",
        "Aa5201314!",
    ],
)
def test_guessable_passwords_are_refused_in_chinese(weak: str) -> None:
    with pytest.raises(ValidationError) as refused:
        validate_password(weak)
    assert any("容易被猜到" in m for m in refused.value.messages)


@pytest.mark.parametrize("strong", ["Hj8%dw2Lq-Tide", "Xq7#mTz!2kLp", "Gonghui#2018x"])
def test_unguessable_passwords_pass(strong: str) -> None:
    validate_password(strong)


@pytest.mark.django_db
def test_a_user_changes_their_own_password_from_the_user_menu(jianning_officer) -> None:
    client = Client()
    client.login(username="jianning", password=PASSWORD)
    home = client.get(reverse("home"), follow=True)
    assert reverse("password_change") in home.content.decode()
    page = client.get(reverse("password_change"))
    assert "原密码" in page.content.decode() and "再次输入新密码" in page.content.decode()
    response = _change(client)
    assert response.status_code == 302
    assert client.get(reverse("org_tree")).status_code in {200, 302}  # still signed in
    assert Client().login(username="jianning", password=NEW)
    jianning_officer.refresh_from_db()
    assert jianning_officer.password_changed_at > timezone.now() - timedelta(minutes=1)
    assert AuditEntry.objects.filter(action="login.password_changed").count() == 1
    assert NEW not in str(list(AuditEntry.objects.values_list("detail", flat=True)))


@pytest.mark.django_db
def test_a_wrong_old_password_a_mismatch_and_a_weak_new_one_are_refused(jianning_officer) -> None:
    client = client_for(jianning_officer)
    assert "旧密码不正确" in _change(client, old="Wrong@Pass1").content.decode()
    assert _change(client, again="Hj8%dw2Lq-Tidy").status_code == 200
    weak = _change(client, new="Passw0rd!")
    assert "容易被猜到" in weak.content.decode()
    same = _change(client, new=PASSWORD)
    assert "不能与原密码相同" in same.content.decode()
    jianning_officer.refresh_from_db()
    assert jianning_officer.check_password(PASSWORD)


@pytest.mark.django_db
def test_after_an_administrators_reset_every_page_leads_to_the_change_page(
    tree, jianning_officer
) -> None:
    admin = User.objects.create_superuser("root", password=PASSWORD, org=tree.city)
    admin.roles = Role.ADMINISTRATOR
    admin.save()
    reset = client_for(admin).post(
        reverse("admin:auth_user_password_change", args=[jianning_officer.pk]),
        {"password1": "Temp#Reset7q", "password2": "Temp#Reset7q", "usable_password": "true"},
    )
    assert reset.status_code == 302, reset.content.decode()[:2000]
    jianning_officer.refresh_from_db()
    assert jianning_officer.must_change_password
    assert AuditEntry.objects.filter(action="login.password_reset").exists()

    client = Client()
    assert client.login(username="jianning", password="Temp#Reset7q")
    blocked = client.get(reverse("org_tree"))
    assert blocked.status_code == 302
    assert blocked["Location"].startswith(reverse("password_change"))
    assert "重置了密码" in client.get(blocked["Location"]).content.decode()
    done = client.post(
        blocked["Location"],
        {"old_password": "Temp#Reset7q", "new_password1": NEW, "new_password2": NEW},
    )
    assert done.status_code == 302 and done["Location"] == reverse("org_tree")
    assert client.get(reverse("org_tree")).status_code == 302  # to the own org, not the form
    jianning_officer.refresh_from_db()
    assert not jianning_officer.must_change_password


@pytest.mark.django_db
def test_an_account_made_by_an_administrator_must_change_its_password(tree) -> None:
    admin = User.objects.create_superuser("root", password=PASSWORD, org=tree.city)
    response = client_for(admin).post(
        reverse("admin:orgs_user_add"),
        {
            "username": "newclerk",
            "password1": "Temp#Reset7q",
            "password2": "Temp#Reset7q",
            "usable_password": "true",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert User.objects.get(username="newclerk").must_change_password
    assert AuditEntry.objects.filter(action="login.account_created").exists()


@pytest.mark.django_db
def test_passwords_expire_only_where_the_deployment_asks(jianning_officer, settings) -> None:
    jianning_officer.password_changed_at = timezone.now() - timedelta(days=400)
    jianning_officer.save()
    client = client_for(jianning_officer)
    assert not client.get(reverse("org_tree"))["Location"].startswith(reverse("password_change"))
    settings.GONGHUI_PASSWORD_MAX_AGE_DAYS = 90
    expired = client.get(reverse("org_tree"))
    assert expired["Location"].startswith(reverse("password_change"))
    assert "超过有效期" in client.get(expired["Location"]).content.decode()
    _change(client)
    assert not client.get(reverse("org_tree"))["Location"].startswith(reverse("password_change"))


@pytest.mark.django_db
def test_the_demo_accounts_keep_the_demo_password_without_being_forced(tree) -> None:
    user = User(username="demo-like", org=tree.city, roles=Role.OFFICER)
    user.set_password(DEMO_PASSWORD)  # as load_demo does: directly, without the rules
    user.save()
    assert not user.must_change_password
    client = Client()
    assert client.login(username="demo-like", password=DEMO_PASSWORD)
    assert not client.get(reverse("org_tree"))["Location"].startswith(reverse("password_change"))
