"""Who sees what: the one door to records (查询范围).

Administrators and officers see their org's subtree (and the units merged into it); lawyers,
judges and workers see only the records a model marks as theirs (`owner_field`); anonymous
users see nothing. Every list, detail, export and API query goes through `scope_for_user`,
`ScopedQuerySet.for_user` or `get_for_user_or_404`. Outside the scope an object is a 404.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar

from django.db import models
from django.http import Http404
from django.utils import timezone

from gonghui.orgs.models import Org, subtree_q

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from gonghui.orgs.models import User

M = TypeVar("M", bound=models.Model)


def scope_for_user(
    queryset: models.QuerySet[M], user: User | AnonymousUser, field: str | None = None
) -> models.QuerySet[M]:
    """Narrow `queryset` to the rows `user` may see.

    `field` is the path to the row's org ("org", "household__org"; "" for Org itself); it
    defaults to the model's `scope_field` attribute, else "org".
    """
    model = queryset.model
    if field is None:
        field = getattr(model, "scope_field", "org")
    if not user.is_authenticated or not user.is_active:
        return queryset.none()
    if user.is_superuser:
        return queryset
    if user.sees_subtree and user.org_id:  # type: ignore[union-attr]
        # Who may see what is decided by today's tree, whatever day a page's figures read.
        today = timezone.localdate()
        return queryset.filter(subtree_q(user.org, field=field, as_of=today))  # type: ignore[union-attr,arg-type]
    owner_field = getattr(model, "owner_field", None)
    if owner_field:
        return queryset.filter(**{owner_field: user})
    return queryset.none()


class ScopedQuerySet(models.QuerySet[M]):
    """A queryset with `for_user` (the user's scope) and `in_org` (an org's subtree, for figures)."""

    def for_user(self, user: User | AnonymousUser) -> ScopedQuerySet[M]:
        """Only the rows the user may see."""
        return scope_for_user(self, user)  # type: ignore[return-value]

    def in_org(self, org: Org) -> ScopedQuerySet[M]:
        """Rows belonging to the org's subtree, merged units included (for indicators)."""
        field = getattr(self.model, "scope_field", "org")
        return self.filter(subtree_q(org, field=field))


def get_for_user_or_404(
    source: type[M] | models.QuerySet[M], user: User | AnonymousUser, **lookup: Any
) -> M:
    """Return the object if the user may see it; a 404 otherwise (refusals are audited)."""
    queryset = source if isinstance(source, models.QuerySet) else source._default_manager.all()
    try:
        return scope_for_user(queryset, user).get(**lookup)
    except queryset.model.DoesNotExist:
        if queryset.filter(**lookup).exists():
            from gonghui.core import audit

            audit.record(
                "access.denied",
                actor=user if user.is_authenticated else None,
                detail={"model": queryset.model._meta.label, "lookup": _plain(lookup)},
            )
        raise Http404 from None
    except queryset.model.MultipleObjectsReturned:
        raise Http404 from None


def _plain(lookup: dict[str, Any]) -> dict[str, str]:
    return {key: str(value) for key, value in lookup.items()}


def visible_orgs(user: User | AnonymousUser) -> models.QuerySet[Org]:
    """The orgs the user may open."""
    return scope_for_user(Org.objects.all(), user, field="")


def visible_ancestors(user: User | AnonymousUser, org: Org) -> models.QuerySet[Org]:
    """The orgs above `org` that the user may open, top first (for breadcrumbs), in one query."""
    above = [int(part) for part in org.path.strip("/").split("/")[:-1] if part]
    return visible_orgs(user).filter(pk__in=above).order_by("depth")
