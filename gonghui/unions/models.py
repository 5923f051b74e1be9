"""Grassroots organization records (基层组织): elections and terms, the make-up of the bodies,
activities (the signs of life used in the clean-up), and the yearly joint meeting with the
government (政府联席会)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from gonghui.orgs.counties import county_id_of
from gonghui.orgs.models import Org
from gonghui.orgs.scoping import ScopedQuerySet
from gonghui.unions import rules


class ElectionKind(models.TextChoices):
    FIRST = rules.Kind.FIRST, _("首次选举")
    REGULAR = rules.Kind.REGULAR, _("按期换届")
    EARLY = rules.Kind.EARLY, _("提前换届")
    LATE = rules.Kind.LATE, _("延期换届")


class Election(models.Model):
    """An election of a union's committee (选举/换届); it opens a term of 3 or 5 years."""

    org = models.ForeignKey(Org, verbose_name=_("工会"), on_delete=models.PROTECT)
    # Denormalised county of `org` (set on save): the tracker groups by it without a join.
    county = models.ForeignKey(
        Org, on_delete=models.PROTECT, related_name="+", null=True, editable=False
    )
    elected_on = models.DateField(_("选举日期"))
    term_years = models.PositiveSmallIntegerField(
        _("任期（年）"), choices=[(y, f"{y}年") for y in rules.TERM_YEARS]
    )
    kind = models.CharField(_("类别"), max_length=10, choices=ElectionKind.choices)
    # 上一级工会批准: required for an early or late election, and for a postponement.
    approved_by = models.ForeignKey(
        Org,
        verbose_name=_("批准单位"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    approved_on = models.DateField(_("批准日期"), null=True, blank=True)
    extended_to = models.DateField(_("经批准延期至"), null=True, blank=True)
    # When the next election is due: the term's end, or the approved postponement. Stored
    # (derived on save) because the tracker filters and counts by it over 100,000 unions.
    due_on = models.DateField(_("下次换届日期"), editable=False)
    # The date of the union's next election, which ended this term (derived on save and
    # delete): "the current term on a date" is then a plain range test, not a NOT EXISTS.
    superseded_on = models.DateField(null=True, blank=True, editable=False)
    note = models.CharField(_("说明"), max_length=200, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("换届选举")
        verbose_name_plural = _("换届选举")
        ordering = ["-elected_on"]
        indexes = [
            models.Index(fields=["org", "elected_on"], name="election_org_date"),
            models.Index(fields=["county", "due_on"], name="election_county_due"),
        ]

    def __str__(self) -> str:
        return f"{self.org} {self.elected_on}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.county_id = county_id_of(self.org)
        self.due_on = self.extended_to or rules.term_end(self.elected_on, self.term_years)
        others = Election.objects.filter(org_id=self.org_id).exclude(pk=self.pk)
        later = others.filter(elected_on__gt=self.elected_on).order_by("elected_on").first()
        self.superseded_on = later.elected_on if later else None
        super().save(*args, **kwargs)
        earlier = others.filter(elected_on__lt=self.elected_on).order_by("-elected_on").first()
        if earlier is not None:
            Election.objects.filter(pk=earlier.pk).update(superseded_on=self.elected_on)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        earlier = (
            Election.objects.filter(org_id=self.org_id, elected_on__lt=self.elected_on)
            .order_by("-elected_on")
            .first()
        )
        result = super().delete(*args, **kwargs)
        if earlier is not None:
            Election.objects.filter(pk=earlier.pk).update(superseded_on=self.superseded_on)
        return result


class Body(models.TextChoices):
    CONGRESS = "congress", _("会员（代表）大会")
    COMMITTEE = "committee", _("委员会")
    STANDING = "standing", _("常务委员会")


# The reform's minimum share of front-line workers in each body (一线职工比例); a setting,
# because localities differ.
FRONT_LINE_MINIMUM: dict[str, float] = getattr(
    settings,
    "GONGHUI_FRONT_LINE_MINIMUM",
    {Body.CONGRESS: 0.40, Body.COMMITTEE: 0.20, Body.STANDING: 0.10},
)


class BodyComposition(models.Model):
    """The make-up of a union's congress, committee or standing committee on a date."""

    org = models.ForeignKey(Org, verbose_name=_("工会"), on_delete=models.PROTECT)
    body = models.CharField(_("机构"), max_length=12, choices=Body.choices)
    reported_on = models.DateField(_("日期"))
    members = models.PositiveIntegerField(_("人数"), validators=[MinValueValidator(1)])
    front_line = models.PositiveIntegerField(_("其中一线职工"))

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("领导机构构成")
        verbose_name_plural = _("领导机构构成")
        ordering = ["org", "body", "-reported_on"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(front_line__lte=models.F("members")),
                name="body_front_line_within_members",
            )
        ]

    def __str__(self) -> str:
        return f"{self.org} {self.get_body_display()} {self.reported_on}"

    @property
    def share(self) -> float | None:
        return rules.front_line_share(self.members, self.front_line)

    @property
    def minimum(self) -> float:
        return FRONT_LINE_MINIMUM[self.body]

    @property
    def compliant(self) -> bool:
        return rules.meets_front_line(self.members, self.front_line, self.minimum)


class Activity(models.Model):
    """Something a union did (a meeting, an event, a training): a sign of life (活动)."""

    org = models.ForeignKey(Org, verbose_name=_("工会"), on_delete=models.PROTECT)
    held_on = models.DateField(_("日期"))
    title = models.CharField(_("活动"), max_length=120)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("工会活动")
        verbose_name_plural = _("工会活动")
        ordering = ["-held_on"]
        indexes = [models.Index(fields=["org", "held_on"], name="activity_org_date")]

    def __str__(self) -> str:
        return f"{self.org} {self.held_on} {self.title}"


class WomenCommittee(models.Model):
    """A union's women workers' committee (女职工委员会), set up on a date."""

    org = models.OneToOneField(
        Org, verbose_name=_("工会"), on_delete=models.PROTECT, related_name="women_committee"
    )
    set_up_on = models.DateField(_("成立日期"))
    chair = models.CharField(_("主任"), max_length=60)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("女职工委员会")
        verbose_name_plural = _("女职工委员会")

    def __str__(self) -> str:
        return f"{self.org} 女职工委员会"


class JointMeeting(models.Model):
    """A union's yearly joint meeting with its government (政府联席会议)."""

    org = models.ForeignKey(Org, verbose_name=_("工会"), on_delete=models.PROTECT)
    year = models.PositiveSmallIntegerField(_("年度"))
    topics = models.TextField(_("议题"), blank=True)
    preparation_started_on = models.DateField(_("开始筹备"), null=True, blank=True)
    plan_reported_on = models.DateField(_("计划上报市总"), null=True, blank=True)
    held_on = models.DateField(_("召开日期"), null=True, blank=True)
    # Optimistic lock: an edit based on an older version is refused, not silently overwritten.
    version = models.PositiveIntegerField(default=0, editable=False)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("政府联席会议")
        verbose_name_plural = _("政府联席会议")
        ordering = ["-year", "org__path"]
        constraints = [models.UniqueConstraint(fields=["org", "year"], name="joint_meeting_once")]

    def __str__(self) -> str:
        return f"{self.org} {self.year}"
