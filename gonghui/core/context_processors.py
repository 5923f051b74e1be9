"""What every page's shell needs: the navigation, the user's org and roles, the as-of date."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse


def navigation(user: Any) -> list[dict[str, str]]:
    """Module links the user may use, from each app's `nav_items` (url name, label, roles)."""
    if not user.is_authenticated:
        return []
    items = []
    # The dashboard comes first; the modules follow in the order they are installed.
    configs = sorted(apps.get_app_configs(), key=lambda c: c.label != "dashboard")
    for config in configs:
        for url_name, label, roles in getattr(config, "nav_items", []):
            if user.is_superuser or user.has_role(*roles):
                try:
                    items.append({"url": reverse(url_name), "label": str(label)})
                except NoReverseMatch:
                    continue
    return items


def shell(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    return {
        "nav": navigation(user) if user is not None else [],
        "as_of": getattr(request, "as_of", None),
    }
