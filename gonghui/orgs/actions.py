"""Named writes on the org tree (STYLE: writes are actions that validate, write and audit).

The tree's moves and merges live in `gonghui.orgs.tree`; they are re-exported here."""

from __future__ import annotations

from django.contrib.auth import update_session_auth_hash
from django.http import HttpRequest

from gonghui.core import audit
from gonghui.orgs.models import User
from gonghui.orgs.tree import merge_org, move_org

__all__ = ["change_own_password", "merge_org", "move_org"]


def change_own_password(user: User, new_password: str, request: HttpRequest) -> None:
    """The user sets a password of their own (the form has checked the old one and the rules);
    the session stays signed in, and a forced or expired change is done."""
    user.set_password(new_password)
    user.must_change_password = False
    user.save(update_fields=["password", "password_changed_at", "must_change_password"])
    update_session_auth_hash(request, user)
    audit.record("login.password_changed", actor=user, request=request)
