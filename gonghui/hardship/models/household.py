"""Households in hardship (困难职工家庭), their members, reviews and the assistance given."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.core.personal import IdNumberMixin
from gonghui.hardship import rules
from gonghui.orgs.models import Org
from gonghui.orgs.scoping import ScopedQuerySet

MONEY = {"max_digits": 12, "decimal_places": 2}
REVIEW_PERIOD = timedelta(days=rules.REVIEW_PERIOD_DAYS)


class CategoryChoice(models.TextChoices):
    DEEP = rules.Category.DEEP.value, _("深度困难")
    RELATIVE = rules.Category.RELATIVE.value, _("相对困难")
    ACCIDENT = rules.Category.ACCIDENT.value, _("意外致困")
    NONE = rules.Category.NONE.value, _("不符合建档条件")


class ArchiveLevel(models.TextChoices):
    """Levels of the national assistance system; the speech's 全国档 is national, 地方档 the rest."""

    NATIONAL = "national", _("全国档")
    PROVINCIAL = "provincial", _("省级档")
    CITY = "city", _("市级档")
    COUNTY = "county", _("县级档")
    GRASSROOTS = "grassroots", _("基层档")


LOCAL_LEVELS = (
    ArchiveLevel.PROVINCIAL,
    ArchiveLevel.CITY,
    ArchiveLevel.COUNTY,
    ArchiveLevel.GRASSROOTS,
)


class Cause(models.TextChoices):
    ILLNESS = "illness", _("因病")
    DISABILITY = "disability", _("因残")
    UNEMPLOYMENT = "unemployment", _("失业")
    SCHOOLING = "schooling", _("子女就学")
    DISASTER = "disaster", _("因灾")
    ACCIDENT = "accident", _("意外事故")
    LOW_WAGE = "low_wage", _("收入低")
    SINGLE_PARENT = "single_parent", _("单亲")
    OTHER = "other", _("其他")


class CloseKind(models.TextChoices):
    LIFTED = "lifted", _("解困脱困")
    REMOVED = "removed", _("退档")


class RemovalReason(models.TextChoices):
    INELIGIBLE = "ineligible", _("不再符合条件")
    MOVED = "moved", _("迁出")
    DECEASED = "deceased", _("死亡")
    DUPLICATE = "duplicate", _("重复建档")


def open_on_q(day: date, prefix: str = "") -> Q:
    """Archives open on the day: archived on or before it and not closed by it."""
    return Q(**{f"{prefix}archived_on__lte": day}) & (
        Q(**{f"{prefix}closed_on__isnull": True}) | Q(**{f"{prefix}closed_on__gt": day})
    )


class MinimumLivingStandard(models.Model):
    """The county's monthly minimum-living standard (低保标准) for a year: data, not code."""

    org = models.ForeignKey(Org, verbose_name=_("县（市、区）"), on_delete=models.PROTECT)
    year = models.PositiveSmallIntegerField(_("年度"))
    monthly_amount = models.DecimalField(_("每人每月（元）"), **MONEY)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("最低生活保障标准")
        verbose_name_plural = _("最低生活保障标准")
        constraints = [models.UniqueConstraint(fields=["org", "year"], name="mls_once_a_year")]
        ordering = ["org__path", "-year"]

    def __str__(self) -> str:
        return f"{self.org_id} {self.year}: {self.monthly_amount}"

    @classmethod
    def for_county(cls, county: Org, year: int) -> MinimumLivingStandard | None:
        """The standard in force: the year's, else the latest earlier one."""
        return cls.objects.filter(org=county, year__lte=year).order_by("-year").first()


class HouseholdQuerySet(ScopedQuerySet["Household"]):
    def open_on(self, day: date) -> HouseholdQuerySet:
        """Archives open on the day (archived, not yet lifted or removed)."""
        return self.filter(open_on_q(day))

    def review_overdue_on(self, day: date) -> HouseholdQuerySet:
        """Open archives with no review in the year before the day (archived over a year ago)."""
        return self.review_due_on(day, within_days=0)

    def review_due_on(self, day: date, within_days: int = 30) -> HouseholdQuerySet:
        """Open archives whose yearly review falls due within the coming days, or is overdue.

        Counted from the Review records dated up to the day, so that a past date gives the
        queue as it stood then.
        """
        limit = day - REVIEW_PERIOD + timedelta(days=within_days)
        recent = Review.objects.filter(
            household=OuterRef("pk"), reviewed_on__gte=limit, reviewed_on__lte=day
        )
        return self.open_on(day).filter(archived_on__lt=limit).exclude(Exists(recent))


class Household(models.Model):
    """A household in hardship: surveyed, archived (建档), reviewed yearly, then closed."""

    org = models.ForeignKey(
        Org,
        verbose_name=_("所在工会"),
        on_delete=models.PROTECT,
        related_name="hardship_households",
    )
    county = models.ForeignKey(
        Org,
        verbose_name=_("县（市、区）"),
        on_delete=models.PROTECT,
        related_name="hardship_county_households",
    )
    file_number = models.CharField(_("档案编号"), max_length=40, blank=True, db_index=True)
    head_name = models.CharField(_("户主姓名"), max_length=60)
    head_id_masked = models.CharField(_("户主身份证号"), max_length=18, blank=True)
    employer = models.CharField(_("工作单位"), max_length=120, blank=True)
    migrant_worker = models.BooleanField(_("农民工"), default=False)
    address = models.CharField(_("家庭住址"), max_length=200, blank=True)
    phone = models.CharField(_("联系电话"), max_length=30, blank=True)
    level = models.CharField(
        _("档案级别"), max_length=16, choices=ArchiveLevel.choices, default=ArchiveLevel.COUNTY
    )
    causes = models.JSONField(_("致困原因"), default=list, blank=True)

    # The income computation, as of the survey or the last review.
    member_count = models.PositiveSmallIntegerField(_("家庭人口"), default=1)
    other_yearly_income = models.DecimalField(
        _("其他家庭年收入（元）"), default=Decimal(0), **MONEY
    )
    yearly_income = models.DecimalField(_("家庭年可支配收入（元）"), default=Decimal(0), **MONEY)
    rigid_expenses = models.DecimalField(_("年刚性支出（元）"), default=Decimal(0), **MONEY)
    accident_losses = models.DecimalField(_("意外损失（元）"), default=Decimal(0), **MONEY)
    per_capita_income = models.DecimalField(_("人均月收入（元）"), default=Decimal(0), **MONEY)
    standard_amount = models.DecimalField(_("适用低保标准（元）"), null=True, blank=True, **MONEY)
    suggested_category = models.CharField(
        _("测算类别"), max_length=16, choices=CategoryChoice.choices, blank=True
    )
    category = models.CharField(
        _("困难类别"), max_length=16, choices=CategoryChoice.choices, blank=True, db_index=True
    )
    category_override_reason = models.CharField(_("调整类别理由"), max_length=200, blank=True)

    # Lifecycle (surveyed → archived → reviewed yearly → lifted or removed); closed files stay.
    surveyed_on = models.DateField(_("调查日期"))
    archived_on = models.DateField(_("建档日期"), null=True, blank=True, db_index=True)
    last_reviewed_on = models.DateField(_("最近年审日期"), null=True, blank=True)
    closed_on = models.DateField(_("出档日期"), null=True, blank=True, db_index=True)
    close_kind = models.CharField(
        _("出档方式"), max_length=16, choices=CloseKind.choices, blank=True
    )
    removal_reason = models.CharField(
        _("退档原因"), max_length=16, choices=RemovalReason.choices, blank=True
    )
    close_note = models.CharField(_("出档说明"), max_length=200, blank=True)

    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = HouseholdQuerySet.as_manager()

    class Meta:
        verbose_name = _("困难职工家庭")
        verbose_name_plural = _("困难职工家庭")
        ordering = ["-archived_on", "-pk"]
        indexes = [
            models.Index(fields=["archived_on", "closed_on"]),
            # Covers the city's figures grouped by the stored county (and a county's own): the
            # open-on-a-day dates, level and close kind, never reading the table rows.
            models.Index(
                fields=["county", "archived_on", "closed_on", "level", "close_kind"],
                name="household_county_counts",
            ),
            # Covers the scoped counts (list pager, figures): org (the scope join), the dates
            # of "open on a day" and the filtered columns, so they never read the table rows.
            models.Index(
                fields=[
                    *("org", "archived_on", "closed_on", "level", "category", "county"),
                    "close_kind",
                ],
                name="household_scoped_counts",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.head_name}家庭"

    @property
    def status(self) -> str:
        """surveyed, archived or closed (lifted/removed), as the records stand now."""
        if self.closed_on:
            return self.close_kind
        if self.archived_on:
            return "archived"
        return "surveyed"

    @property
    def status_label(self) -> str:
        return {
            "surveyed": "已调查未建档",
            "archived": "在档",
            CloseKind.LIFTED: "已解困脱困",
            CloseKind.REMOVED: "已退档",
        }.get(self.status, self.status)

    @property
    def is_open(self) -> bool:
        return self.archived_on is not None and self.closed_on is None

    @property
    def is_local(self) -> bool:
        return self.level != ArchiveLevel.NATIONAL

    @property
    def cause_labels(self) -> list[str]:
        labels = dict(Cause.choices)
        return [str(labels.get(c, c)) for c in self.causes]

    def review_due_on(self) -> date | None:
        if not self.archived_on:
            return None
        return rules.review_due_on(self.archived_on, self.last_reviewed_on)

    def review_overdue(self, as_of: date) -> bool:
        return bool(
            self.is_open
            and self.archived_on
            and rules.review_overdue(self.archived_on, self.last_reviewed_on, as_of)
        )


class Relationship(models.TextChoices):
    SELF = "self", _("本人（户主）")
    SPOUSE = "spouse", _("配偶")
    CHILD = "child", _("子女")
    PARENT = "parent", _("父母")
    GRANDCHILD = "grandchild", _("孙子女")
    OTHER = "other", _("其他")


class Sex(models.TextChoices):
    MALE = "M", _("男")
    FEMALE = "F", _("女")


class Health(models.TextChoices):
    HEALTHY = "healthy", _("健康")
    CHRONIC = "chronic", _("慢性病")
    GRAVE = "grave", _("重大疾病")
    DISABLED = "disabled", _("残疾")


class Disability(models.TextChoices):
    NONE = "", _("无")
    GRADE1 = "1", _("一级")
    GRADE2 = "2", _("二级")
    GRADE3 = "3", _("三级")
    GRADE4 = "4", _("四级")


class Employment(models.TextChoices):
    EMPLOYED = "employed", _("在岗")
    FLEXIBLE = "flexible", _("灵活就业")
    UNEMPLOYED = "unemployed", _("失业")
    RETIRED = "retired", _("退休")
    STUDENT = "student", _("在校学生")
    UNABLE = "unable", _("无劳动能力")
    CHILD = "child", _("学龄前")


class SchoolLevel(models.TextChoices):
    NONE = "", _("—")
    PRIMARY = "primary", _("小学")
    JUNIOR = "junior", _("初中")
    SENIOR = "senior", _("高中")
    VOCATIONAL = "vocational", _("中职")
    COLLEGE = "college", _("大专")
    UNDERGRADUATE = "undergraduate", _("本科")
    POSTGRADUATE = "postgraduate", _("研究生")


class PersonQuerySet(ScopedQuerySet["Person"]):
    def in_open_archives(self, as_of: date) -> PersonQuerySet:
        """Every person (heads and members) of every archive open on the date, with household
        and county loaded: what data comparison (数据比对) joins on `id_number_index`."""
        return self.filter(open_on_q(as_of, "household__")).select_related(
            "household", "household__county", "household__org"
        )


class Person(IdNumberMixin):
    """A member of a household (the head included, relationship "self")."""

    household = models.ForeignKey(
        Household, verbose_name=_("家庭"), on_delete=models.CASCADE, related_name="members"
    )
    relationship = models.CharField(
        _("与户主关系"), max_length=16, choices=Relationship.choices, default=Relationship.SELF
    )
    name = models.CharField(_("姓名"), max_length=60)
    birth_date = models.DateField(_("出生日期"), null=True, blank=True)
    sex = models.CharField(_("性别"), max_length=1, choices=Sex.choices, blank=True)
    health = models.CharField(
        _("健康状况"), max_length=16, choices=Health.choices, default=Health.HEALTHY
    )
    disability = models.CharField(
        _("残疾等级"), max_length=2, choices=Disability.choices, blank=True, default=""
    )
    employment = models.CharField(
        _("就业状况"), max_length=16, choices=Employment.choices, default=Employment.EMPLOYED
    )
    school = models.CharField(_("就读学校"), max_length=120, blank=True)
    school_level = models.CharField(
        _("就读阶段"), max_length=16, choices=SchoolLevel.choices, blank=True, default=""
    )
    monthly_income = models.DecimalField(_("月收入（元）"), default=Decimal(0), **MONEY)
    # Set to the blind index while the household's archive is open, NULL otherwise: a unique
    # column, so the database itself refuses one person in two open archives (even in a race).
    archive_lock = models.CharField(
        max_length=64, null=True, blank=True, unique=True, editable=False
    )

    objects = PersonQuerySet.as_manager()
    scope_field = "household__org"

    class Meta:
        verbose_name = _("家庭成员")
        verbose_name_plural = _("家庭成员")
        ordering = ["household_id", "pk"]

    def __str__(self) -> str:
        return self.name


class RigidExpense(models.Model):
    """A yearly rigid expense of the household (medical, schooling…) deducted from income."""

    class Kind(models.TextChoices):
        MEDICAL = "medical", _("医疗支出")
        EDUCATION = "education", _("教育支出")
        OTHER = "other", _("其他刚性支出")

    household = models.ForeignKey(
        Household, on_delete=models.CASCADE, related_name="expenses", verbose_name=_("家庭")
    )
    kind = models.CharField(_("类别"), max_length=16, choices=Kind.choices)
    yearly_amount = models.DecimalField(_("年支出（元）"), **MONEY)
    note = models.CharField(_("说明"), max_length=200, blank=True)

    objects = ScopedQuerySet.as_manager()
    scope_field = "household__org"

    class Meta:
        verbose_name = _("刚性支出")
        verbose_name_plural = _("刚性支出")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.yearly_amount}"


class ReviewDecision(models.TextChoices):
    KEEP = "keep", _("继续保留")
    RECATEGORIZE = "recategorize", _("调整类别")
    LIFT = "lift", _("解困脱困")
    REMOVE = "remove", _("退档")


class Review(models.Model):
    """A yearly review (年审) of an open archive: new incomes and the decision taken."""

    household = models.ForeignKey(
        Household, on_delete=models.CASCADE, related_name="reviews", verbose_name=_("家庭")
    )
    reviewed_on = models.DateField(_("年审日期"))
    yearly_income = models.DecimalField(_("家庭年可支配收入（元）"), **MONEY)
    rigid_expenses = models.DecimalField(_("年刚性支出（元）"), **MONEY)
    member_count = models.PositiveSmallIntegerField(_("家庭人口"))
    per_capita_income = models.DecimalField(_("人均月收入（元）"), **MONEY)
    category = models.CharField(_("困难类别"), max_length=16, choices=CategoryChoice.choices)
    decision = models.CharField(_("年审结论"), max_length=16, choices=ReviewDecision.choices)
    note = models.CharField(_("说明"), max_length=200, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )

    objects = ScopedQuerySet.as_manager()
    scope_field = "household__org"

    class Meta:
        verbose_name = _("年审")
        verbose_name_plural = _("年审")
        ordering = ["-reviewed_on", "-pk"]
        # "No review in the year before the day" looks up one household's reviews by date.
        indexes = [models.Index(fields=["household", "reviewed_on"], name="review_by_date")]

    def __str__(self) -> str:
        return f"{self.household_id} {self.reviewed_on}"


class AssistanceKind(models.TextChoices):
    LIVING = "living", _("生活救助")
    MEDICAL = "medical", _("医疗救助")
    EDUCATION = "education", _("助学")
    EMPLOYMENT = "employment", _("就业帮扶")
    FESTIVAL = "festival", _("节日慰问")


class FundingSource(models.TextChoices):
    ACFTU = "acftu", _("全总专项资金")
    PROVINCE = "province", _("省总工会")
    CITY = "city", _("市总工会")
    COUNTY = "county", _("县（市、区）总工会")
    FINANCE = "finance", _("财政帮扶资金")
    DONATION = "donation", _("社会捐助")


class Programme(models.TextChoices):
    NONE = "", _("日常帮扶")
    EDUCATION = "education", _("金秋助学")
    WINTER = "winter", _("冬送温暖")
    MEDICAL = "medical", _("职工医疗互助")


class Assistance(models.Model):
    """An assistance given to a household (帮扶): kind, amount, date, funding, programme."""

    household = models.ForeignKey(
        Household, on_delete=models.PROTECT, related_name="assistances", verbose_name=_("家庭")
    )
    kind = models.CharField(_("帮扶类别"), max_length=16, choices=AssistanceKind.choices)
    amount = models.DecimalField(_("金额（元）"), **MONEY)
    given_on = models.DateField(_("帮扶日期"), db_index=True)
    funding_source = models.CharField(
        _("资金来源"), max_length=16, choices=FundingSource.choices, default=FundingSource.COUNTY
    )
    programme = models.CharField(
        _("所属项目"), max_length=16, choices=Programme.choices, blank=True, default=""
    )
    given_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("经办人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
    )
    note = models.CharField(_("说明"), max_length=200, blank=True)

    objects = ScopedQuerySet.as_manager()
    scope_field = "household__org"

    class Meta:
        verbose_name = _("帮扶记录")
        verbose_name_plural = _("帮扶记录")
        ordering = ["-given_on", "-pk"]
        # Covers the year-to-date sums by kind and programme (figures): a range of dates.
        indexes = [
            models.Index(
                fields=["given_on", "household", "kind", "programme", "amount"],
                name="assistance_yearly_sums",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.amount}"
