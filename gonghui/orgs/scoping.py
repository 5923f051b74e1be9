"""Who sees what: the one door to records (查询范围).

Administrators and officers see their org's subtree (and the units merged into it); lawyers,
judges and workers see only the records a model marks as theirs (`owner_field`); anonymous
users see nothing. Every list, detail, export and API query goes through `scope_for_user`,
`ScopedQuerySet.for_user` or `get_for_user_or_404`. Outside the scope an object is a 404.

Changing is a right of its own: `may_change` is the one rule ("officers and administrators of
an org that contains it; superusers; nobody else, never `None`"), `require_change` raises with
it inside every write action, and `get_for_user_to_change_or_404` is the write getter.

Scoped by default: a `ScopedQuerySet` starts *unscoped*; `for_user`, `in_org` or
`unscoped(reason=...)` narrow it (or say why not), and querysets reached through a related
manager of a fetched object count as scoped. Evaluating an unscoped one is reported according
to `GONGHUI_STRICT_SCOPES` (see docs/scoping.md): "raise" (`ScopeError`), "warn" (a warning
with the caller's stack, once per call site) or "off".
"""

from __future__ import annotations

import logging
import traceback
from typing import TYPE_CHECKING, Any, TypeVar

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404
from django.utils import timezone

from gonghui.orgs.models import Org, subtree_q

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from gonghui.orgs.models import User

M = TypeVar("M", bound=models.Model)

logger = logging.getLogger("gonghui.scopes")

# How a queryset was narrowed: for_user/in_org/related set a fixed tag; unscoped() its reason.
SCOPED_FOR_USER = "for_user"
SCOPED_IN_ORG = "in_org"
SCOPED_RELATED = "related manager of a fetched object"


class ScopeError(Exception):
    """An unscoped query on a record model ran in strict mode (GONGHUI_STRICT_SCOPES=raise)."""


def strictness() -> str:
    """The scope check's mode: "raise", "warn" or "off" (the setting; booleans accepted)."""
    value = getattr(settings, "GONGHUI_STRICT_SCOPES", "off")
    if value is True:
        return "raise"
    if value is False or value is None:
        return "off"
    return str(value).lower()


_warned_sites: set[tuple[str, int]] = set()


def _report_unscoped(model: type[models.Model]) -> None:
    mode = strictness()
    if mode == "off":
        return
    # Only apps whose call sites are all converted are checked (the rest: docs/scoping.md).
    if model._meta.app_label not in getattr(settings, "GONGHUI_STRICT_SCOPE_APPS", ()):
        return
    message = (
        f"unscoped query on {model._meta.label}: narrow it with .for_user(user), .in_org(org) "
        f'or say why with .unscoped(reason="...")'
    )
    if mode == "raise":
        raise ScopeError(message)
    stack = traceback.extract_stack()[:-3]
    site = (stack[-1].filename, stack[-1].lineno) if stack else ("?", 0)
    if site in _warned_sites:
        return
    _warned_sites.add(site)
    logger.warning("%s\n%s", message, "".join(traceback.format_list(stack[-8:])))


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
    return _mark(_narrow(queryset, user, field), SCOPED_FOR_USER)


def _narrow(queryset: models.QuerySet[M], user: Any, field: str) -> models.QuerySet[M]:
    if user is None or not user.is_authenticated or not user.is_active:
        return queryset.none()
    if user.is_superuser:
        return queryset.all()
    org = staff_org(user)
    if org is not None:
        # Who may see what is decided by today's tree, whatever day a page's figures read.
        return queryset.filter(subtree_q(org, field=field, as_of=timezone.localdate()))
    owner_field = getattr(queryset.model, "owner_field", None)
    if owner_field:
        return queryset.filter(**{owner_field: user})
    return queryset.none()


def _mark(queryset: models.QuerySet[M], how: str) -> models.QuerySet[M]:
    if isinstance(queryset, ScopedQuerySet):
        queryset._scoped_by = how
    return queryset


def staff_org(user: Any) -> Org | None:
    """The org whose subtree an active officer or administrator sees; None for anyone else
    (superusers included: they are not bound to an org, see `scope_for_user`)."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    if user.is_superuser or not (user.sees_subtree and user.org_id):
        return None
    return user.org


def scope_key(user: Any) -> str:
    """What a user's view of the records depends on, for cache keys."""
    if user.is_superuser:
        return "all"
    if user.sees_subtree and user.org_id:
        return f"org{user.org_id}"
    return f"user{user.pk}"


def may_change(user: Any, org: Org | None) -> bool:
    """The one write rule: may `user` change records of `org`? Officers and administrators of
    an org that contains it, and superusers; `None`, anonymous and inactive users never."""
    if org is None or user is None or not getattr(user, "is_authenticated", False):
        return False
    if not user.is_active:
        return False
    if user.is_superuser:
        return True
    own = staff_org(user)
    return own is not None and own.contains(org)


def require_change(user: Any, org: Org | None, what: str = "记录") -> None:
    """Raise PermissionDenied (with a Chinese message naming the unit) unless `may_change`."""
    if not may_change(user, org):
        name = org.name if org is not None else "未知单位"
        raise PermissionDenied(f"您无权修改“{name}”的{what}")


class ScopedQuerySet(models.QuerySet[M]):
    """A record queryset that is unscoped until `for_user` (the user's scope), `in_org` (an org's
    subtree, for figures) or `unscoped(reason=...)` narrows it; see the module docstring."""

    _scoped_by: str = ""

    def as_manager(cls) -> models.Manager[M]:  # type: ignore[misc]
        """A `ScopedManager` for this queryset (so related managers count as scoped)."""
        manager = ScopedManager.from_queryset(cls)()
        manager._built_with_as_manager = True
        return manager

    as_manager.queryset_only = True  # type: ignore[attr-defined]
    as_manager = classmethod(as_manager)  # type: ignore[assignment]

    def for_user(self, user: User | AnonymousUser) -> ScopedQuerySet[M]:
        """Only the rows the user may see."""
        return scope_for_user(self, user)  # type: ignore[return-value]

    def in_org(self, org: Org) -> ScopedQuerySet[M]:
        """Rows belonging to the org's subtree, merged units included (for indicators)."""
        field = getattr(self.model, "scope_field", "org")
        return _mark(self.filter(subtree_q(org, field=field)), SCOPED_IN_ORG)  # type: ignore[return-value]

    def unscoped(self, *, reason: str) -> ScopedQuerySet[M]:
        """All rows, on purpose: `reason` says why in a few English words (greppable)."""
        if not reason.strip():
            raise ValueError("unscoped() needs a reason")
        return _mark(self.all(), reason)  # type: ignore[return-value]

    @property
    def is_scoped(self) -> bool:
        return bool(self._scoped_by)

    def _clone(self) -> ScopedQuerySet[M]:
        clone = super()._clone()  # type: ignore[misc]
        clone._scoped_by = self._scoped_by
        return clone

    def _check_scope(self) -> None:
        if not self._scoped_by and self._result_cache is None:
            _report_unscoped(self.model)

    def _fetch_all(self) -> None:
        self._check_scope()
        super()._fetch_all()  # type: ignore[misc]

    def count(self) -> int:
        self._check_scope()
        return super().count()

    def exists(self) -> bool:
        self._check_scope()
        return super().exists()

    def aggregate(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        self._check_scope()
        return super().aggregate(*args, **kwargs)

    def update(self, **kwargs: Any) -> int:
        self._check_scope()
        return super().update(**kwargs)

    def delete(self) -> tuple[int, dict[str, int]]:
        self._check_scope()
        return super().delete()

    def iterator(self, chunk_size: int | None = None) -> Any:
        self._check_scope()
        return super().iterator(chunk_size=chunk_size)


class ScopedManager(models.Manager[M]):
    """The default manager of record models: querysets start unscoped, except those of a related
    manager (`household.members.all()`), whose parent object already came through the door."""

    def get_queryset(self) -> models.QuerySet[M]:
        queryset = super().get_queryset()
        if getattr(self, "instance", None) is not None:
            _mark(queryset, SCOPED_RELATED)
        return queryset


def get_for_user_or_404(
    source: type[M] | models.QuerySet[M], user: User | AnonymousUser, **lookup: Any
) -> M:
    """Return the object if the user may see it; a 404 otherwise (refusals are audited)."""
    queryset = source if isinstance(source, models.QuerySet) else source._default_manager.all()
    try:
        return scope_for_user(queryset, user).get(**lookup)
    except queryset.model.DoesNotExist:
        if _unscoped(queryset, "audit of a refused access").filter(**lookup).exists():
            from gonghui.core import audit

            audit.record(
                "access.denied",
                actor=user if user.is_authenticated else None,
                detail={"model": queryset.model._meta.label, "lookup": _plain(lookup)},
            )
        raise Http404 from None
    except queryset.model.MultipleObjectsReturned:
        raise Http404 from None


def get_for_user_to_change_or_404(
    source: type[M] | models.QuerySet[M], user: User | AnonymousUser, **lookup: Any
) -> M:
    """Return the object if the user may see it AND change it (`may_change` on its org): a 404
    outside the user's scope, PermissionDenied (403) inside it without the right to change."""
    obj = get_for_user_or_404(source, user, **lookup)
    require_change(user, org_of(obj))
    return obj


def org_of(obj: models.Model) -> Org | None:
    """The org a record belongs to, following the model's `scope_field` ("" for Org itself)."""
    field = getattr(type(obj), "scope_field", "org")
    if isinstance(obj, Org) or field == "":
        return obj  # type: ignore[return-value]
    current: Any = obj
    for part in field.split("__"):
        current = getattr(current, part, None)
        if current is None:
            return None
    return current


class SysadminQuerysetMixin:
    """For ModelAdmin and inlines of record models: /sysadmin/ is for superusers and shows
    every row on purpose."""

    def get_queryset(self, request: Any) -> models.QuerySet[Any]:
        return _unscoped(super().get_queryset(request), "sysadmin pages")  # type: ignore[misc]


def _unscoped(queryset: models.QuerySet[M], reason: str) -> models.QuerySet[M]:
    if isinstance(queryset, ScopedQuerySet):
        return queryset.unscoped(reason=reason)
    return queryset


def _plain(lookup: dict[str, Any]) -> dict[str, str]:
    return {key: str(value) for key, value in lookup.items()}


def visible_orgs(user: User | AnonymousUser) -> models.QuerySet[Org]:
    """The orgs the user may open."""
    return scope_for_user(Org.objects.all(), user, field="")


def visible_ancestors(user: User | AnonymousUser, org: Org) -> models.QuerySet[Org]:
    """The orgs above `org` that the user may open, top first (for breadcrumbs), in one query."""
    above = [int(part) for part in org.path.strip("/").split("/")[:-1] if part]
    return visible_orgs(user).filter(pk__in=above).order_by("depth")
