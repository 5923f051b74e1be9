"""The org tree (工会组织) and the accounts that belong to it."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.core import creditcode

if TYPE_CHECKING:
    from collections.abc import Iterable

# The day whose tree a figure reads (设定的统计日期): set by `tree_as_of` around a figure's
# computation (`gonghui.core.indicators.compute` does it), so that every subtree query inside
# uses the tree as it was that day. Outside one, the tree of today (who may see what now).
_tree_day: ContextVar[date | None] = ContextVar("gonghui_tree_day", default=None)


@contextmanager
def tree_as_of(day: date) -> Iterator[None]:
    """Within the block, subtree queries without an explicit date use the tree of `day`."""
    token = _tree_day.set(day)
    try:
        yield
    finally:
        _tree_day.reset(token)


def tree_day() -> date:
    """The day whose tree subtree queries read now: the figure's as-of date, else today."""
    return _tree_day.get() or timezone.localdate()


LAST_MOVE_KEY = "gonghui:orgs:last_move"


def last_move() -> date | None:
    """The latest effective date of any move (None: the tree never moved), read from the cache
    (one query on a miss; `move_org` rewrites it): before that day the tree differed."""
    cached = cache.get(LAST_MOVE_KEY)
    if cached is None:
        latest = OrgPlacement.objects.aggregate(latest=Max("valid_to"))["latest"]
        cached = latest.isoformat() if latest else ""
        cache.set(LAST_MOVE_KEY, cached, None)
    return date.fromisoformat(cached) if cached else None


def moved_after(day: date) -> bool:
    """Whether some org was moved with effect after `day` (its tree is not today's)."""
    latest = last_move()
    return latest is not None and latest > day


class Level(models.TextChoices):
    CITY = "city", _("市总工会")
    COUNTY = "county", _("县（市、区）总工会")
    TOWNSHIP = "township", _("乡镇（街道、园区）工会")
    GRASSROOTS = "grassroots", _("基层工会")


class TownshipKind(models.TextChoices):
    TOWNSHIP = "township", _("乡镇")
    STREET = "street", _("街道")
    PARK = "park", _("园区")


class OrgQuerySet(models.QuerySet["Org"]):
    """Queries over the tree; user scoping lives in `gonghui.orgs.scoping`."""

    def subtree(self, org: Org, as_of: date | None = None) -> OrgQuerySet:
        """This org, everything under it, and what merged into it, by the tree of the day
        (default: `tree_day()`)."""
        return self.filter(subtree_q(org, field="", as_of=as_of))

    def children_of(self, org: Org, as_of: date | None = None) -> OrgQuerySet:
        """The units directly under `org` on the day (default: `tree_day()`)."""
        day = as_of or tree_day()
        if not moved_after(day):
            return self.filter(parent=org)
        placed = OrgPlacement.objects.covering(day)
        return self.filter(
            Q(parent=org) & ~Q(pk__in=placed.values("org_id"))
            | Q(pk__in=placed.filter(parent=org).values("org_id"))
        )

    def active_on(self, day: date) -> OrgQuerySet:
        """Units that existed on that day (established, not dissolved, not yet merged away)."""
        return self.filter(active_q(day), Q(succeeded_on__isnull=True) | Q(succeeded_on__gt=day))

    def for_user(self, user: User) -> OrgQuerySet:
        """The orgs this user may see (see `gonghui.orgs.scoping`)."""
        from gonghui.orgs.scoping import scope_for_user

        return scope_for_user(self, user, field="")


class Org(models.Model):
    """A union in the tree: the city federation, a county union, a township/park, a grassroots union."""

    name = models.CharField(_("名称"), max_length=120)
    short_name = models.CharField(_("简称"), max_length=40, blank=True)
    level = models.CharField(_("层级"), max_length=16, choices=Level.choices, db_index=True)
    township_kind = models.CharField(
        _("乡镇类别"), max_length=16, choices=TownshipKind.choices, blank=True
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级工会"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    # "/1/5/123/": this org and everything under it is one indexed prefix query.
    path = models.CharField(max_length=255, db_index=True, editable=False, default="")
    depth = models.PositiveSmallIntegerField(default=0, editable=False)
    admin_code = models.CharField(
        _("行政区划代码"), max_length=6, unique=True, null=True, blank=True
    )
    credit_code = models.CharField(
        _("统一社会信用代码"), max_length=18, unique=True, null=True, blank=True
    )
    employer_name = models.CharField(_("所在单位"), max_length=120, blank=True)
    established_on = models.DateField(_("成立日期"), null=True, blank=True)
    dissolved_on = models.DateField(_("撤销日期"), null=True, blank=True)
    successor = models.ForeignKey(
        "self",
        verbose_name=_("并入单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="predecessors",
    )
    succeeded_on = models.DateField(_("并入日期"), null=True, blank=True)

    objects = OrgQuerySet.as_manager()
    scope_field = ""  # an org is scoped by its own path

    class Meta:
        verbose_name = _("工会组织")
        verbose_name_plural = _("工会组织")
        ordering = ["path"]

    def __str__(self) -> str:
        return self.name

    @property
    def display_name(self) -> str:
        """The short name where there is one (县总工会 lists use it)."""
        return self.short_name or self.name

    def clean(self) -> None:
        if self.credit_code:
            try:
                self.credit_code = creditcode.validate(self.credit_code)
            except creditcode.CreditCodeError as exc:
                raise ValidationError({"credit_code": str(exc)}) from exc
        if self.admin_code and not (len(self.admin_code) == 6 and self.admin_code.isdigit()):
            raise ValidationError({"admin_code": _("行政区划代码应为6位数字")})
        if self.parent_id and self.parent_id == self.pk:
            raise ValidationError({"parent": _("上级工会不能是自己")})

    def save(self, *args: object, **kwargs: object) -> None:
        creating = self.pk is None
        super().save(*args, **kwargs)  # type: ignore[arg-type]
        if creating or not self.path:
            self.refresh_path()
            Org.objects.filter(pk=self.pk).update(path=self.path, depth=self.depth)

    def refresh_path(self) -> None:
        """Compute the path from the parent's (the parent must have its own already)."""
        parent_path = self.parent.path if self.parent_id and self.parent else "/"
        self.path = f"{parent_path}{self.pk}/"
        self.depth = self.path.count("/") - 2

    def scope_paths(self, as_of: date | None = None) -> list[str]:
        """Path prefixes whose records count for this org on the day (default: `tree_day()`):
        its own and those of the units merged into it on or before that day, each as the
        path it had that day. A merge dated later leaves the day's figures as they were."""
        day = as_of or tree_day()
        memo: dict[date, list[str]] = self.__dict__.setdefault("_scope_paths", {})
        if day in memo:
            return memo[day]
        dated = moved_after(day)
        own = path_on(self, day) if dated else self.path
        paths = [own]
        frontier: Iterable[int] = [self.pk]
        seen = {self.pk}
        # Merges are few; follow successor links (a merged unit may itself have absorbed others).
        while frontier:
            rows = list(
                Org.objects.filter(
                    successor_id__in=list(frontier), succeeded_on__lte=day
                ).values_list("pk", "path")
            )
            frontier = [pk for pk, _ in rows if pk not in seen]
            seen.update(frontier)
            for pk, path in rows:
                if pk in frontier:
                    paths.append(path_on(Org(pk=pk, path=path), day) if dated else path)
        # A predecessor that lies inside this subtree already is covered by our own prefix.
        memo[day] = sorted({p for p in paths if p == own or not p.startswith(own)})
        return memo[day]

    def contains(self, other: Org) -> bool:
        """True when `other` is this org or lies under it (merged units included)."""
        return any(other.path.startswith(p) for p in self.scope_paths())

    def ancestors(self) -> OrgQuerySet:
        """The orgs above this one, city first."""
        ids = [int(part) for part in self.path.strip("/").split("/")[:-1] if part]
        return Org.objects.filter(pk__in=ids).order_by("depth")


def active_q(day: date, field: str = "") -> Q:
    """Orgs that existed on the day; `field` prefixes a related org (e.g. "org__")."""
    return (
        Q(**{f"{field}established_on__isnull": True}) | Q(**{f"{field}established_on__lte": day})
    ) & (Q(**{f"{field}dissolved_on__isnull": True}) | Q(**{f"{field}dissolved_on__gt": day}))


def subtree_q(org: Org, field: str = "org", as_of: date | None = None) -> Q:
    """A Q object selecting rows whose `field` org lay in `org`'s scope on the day (default:
    `tree_day()`; units merged into it by then included), by the tree as it was that day."""
    day = as_of or tree_day()
    lookup = f"{field}__path__startswith" if field else "path__startswith"
    q = Q()
    if not moved_after(day):  # today's paths are that day's: one indexed prefix query each
        for prefix in org.scope_paths(day):
            q |= Q(**{lookup: prefix})
        return q
    # Orgs moved since the day count where their placement of that day put them.
    member = f"{field}__in" if field else "pk__in"
    placed = OrgPlacement.objects.covering(day)
    for prefix in org.scope_paths(day):
        q |= Q(**{lookup: prefix}) & ~Q(**{member: placed.values("org_id")})
        q |= Q(**{member: placed.filter(path__startswith=prefix).values("org_id")})
    return q


def path_on(org: Org, day: date) -> str:
    """The org's path on the day: a past placement's if it was moved since, else today's."""
    past = OrgPlacement.objects.covering(day).filter(org_id=org.pk).values_list("path", flat=True)
    return next(iter(past), org.path)


class PlacementQuerySet(models.QuerySet["OrgPlacement"]):
    def covering(self, day: date) -> PlacementQuerySet:
        """Placements in force on the day."""
        return self.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=day), valid_to__gt=day)


class OrgPlacement(models.Model):
    """Where an org stood in the tree before a move (隶属关系变更): its parent and path from
    `valid_from` (None: since it was set up) until the day before `valid_to`, the move's
    effective date. An org's current placement is its own `parent` and `path`; together they
    are the dated tree. Written only by `gonghui.orgs.tree.move_org`."""

    org = models.ForeignKey(Org, on_delete=models.CASCADE, related_name="placements")
    parent = models.ForeignKey(
        Org, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    path = models.CharField(max_length=255, db_index=True)
    valid_from = models.DateField(null=True, blank=True)
    valid_to = models.DateField(db_index=True)

    objects = PlacementQuerySet.as_manager()

    class Meta:
        verbose_name = _("隶属关系历史")
        verbose_name_plural = _("隶属关系历史")
        ordering = ["org", "valid_to"]

    def __str__(self) -> str:
        return f"{self.org_id} {self.path} {self.valid_from}–{self.valid_to}"


class Role(models.TextChoices):
    ADMINISTRATOR = "administrator", _("管理员")
    OFFICER = "officer", _("工作人员")
    LAWYER = "lawyer", _("维权律师")
    JUDGE = "judge", _("评审专家")
    WORKER = "worker", _("职工")


class Department(models.TextChoices):
    OFFICE = "office", _("办公室")
    ORGANIZATION = "organization", _("组织部")
    RIGHTS = "rights", _("权益保障部")
    FUNDS_AUDIT = "funds_audit", _("经费审查委员会办公室")
    PUBLICITY = "publicity", _("宣教部")
    FINANCE = "finance", _("财务部")
    WOMEN = "women", _("女职工部")
    CHAIR = "chair", _("工会主席")


class User(AbstractUser):
    """An account; it belongs to one org and has one or more roles."""

    full_name = models.CharField(_("姓名"), max_length=60, blank=True)
    org = models.ForeignKey(
        Org, verbose_name=_("所属工会"), null=True, blank=True, on_delete=models.PROTECT
    )
    # Comma-separated Role values; no role's name is a substring of another's.
    roles = models.CharField(_("角色"), max_length=100, blank=True, default="")
    department = models.CharField(_("部门"), max_length=20, choices=Department.choices, blank=True)
    may_reveal_ids = models.BooleanField(_("可查看完整身份证号"), default=False)
    # A list of every full number is a bigger act than one reveal: a right of its own.
    may_export_ids = models.BooleanField(_("可导出完整身份证号"), default=False)
    failed_logins = models.PositiveSmallIntegerField(default=0, editable=False)
    locked_until = models.DateTimeField(null=True, blank=True, editable=False)
    # Set by an administrator's reset and for accounts an administrator creates: the user
    # must choose a password of their own before doing anything else.
    must_change_password = models.BooleanField(_("下次登录须修改密码"), default=False)
    # When the password was last set (GONGHUI_PASSWORD_MAX_AGE_DAYS counts from here).
    password_changed_at = models.DateTimeField(
        _("密码修改时间"), default=timezone.now, editable=False
    )

    objects = UserManager()

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")

    def __str__(self) -> str:
        return self.full_name or self.username

    def set_password(self, raw_password: str | None) -> None:
        """Set the password and note when (for expiry); callers save."""
        super().set_password(raw_password)
        self.password_changed_at = timezone.now()

    def password_expired(self, now: datetime | None = None) -> bool:
        """True when passwords expire (GONGHUI_PASSWORD_MAX_AGE_DAYS) and this one has."""
        days = settings.GONGHUI_PASSWORD_MAX_AGE_DAYS
        if days <= 0:
            return False
        return self.password_changed_at + timedelta(days=days) <= (now or timezone.now())

    @property
    def role_set(self) -> frozenset[str]:
        """The user's roles as a set of Role values."""
        return frozenset(r for r in self.roles.split(",") if r)

    def has_role(self, *roles: str) -> bool:
        """True when the user has any of the roles."""
        return bool(self.role_set.intersection(roles))

    def role_labels(self) -> list[str]:
        """The roles in Chinese, for the shell."""
        return [str(Role(r).label) for r in sorted(self.role_set) if r in Role.values]

    @property
    def sees_subtree(self) -> bool:
        """Administrators and officers see their org's whole subtree; others only their own."""
        return self.has_role(Role.ADMINISTRATOR, Role.OFFICER)


class Headcount(models.Model):
    """A union's membership as reported on a date (会员人数); figures take the latest one."""

    org = models.ForeignKey(Org, on_delete=models.CASCADE, related_name="headcounts")
    reported_on = models.DateField(_("填报日期"))
    members = models.PositiveIntegerField(_("会员人数"))
    front_line = models.PositiveIntegerField(_("一线职工会员人数"), default=0)

    class Meta:
        verbose_name = _("会员人数")
        verbose_name_plural = _("会员人数")
        constraints = [
            models.UniqueConstraint(fields=["org", "reported_on"], name="headcount_once_a_day")
        ]
        indexes = [models.Index(fields=["org", "reported_on"])]

    def __str__(self) -> str:
        return f"{self.org_id} {self.reported_on}: {self.members}"
