"""Figures of data comparison (数据比对), for any org subtree as of any date."""

from __future__ import annotations

from datetime import date

from django.db.models import QuerySet

from gonghui.core.indicators import indicator
from gonghui.matching.models import Flag, FlagState
from gonghui.orgs.models import Org

LIST = "matching:flag_list"
FLAG_COLUMNS = (
    ("household__head_name", "户主姓名"),
    ("county__name", "县（市、区）"),
    ("implication", "提示"),
    ("method", "匹配方式"),
    ("state", "状态"),
    ("raised_on", "发现日期"),
    ("decided_on", "处理日期"),
)


def _records_open(org: Org, as_of: date) -> QuerySet[Flag]:
    return Flag.objects.in_org(org).open_on(as_of)


def _records_confirmed(org: Org, as_of: date) -> QuerySet[Flag]:
    return Flag.objects.in_org(org).filter(state=FlagState.CONFIRMED, decided_on__lte=as_of)


@indicator(
    "matching.flags_open",
    "待核实比对疑点",
    "条",
    records_url=LIST,
    records=_records_open,
    columns=FLAG_COLUMNS,
)
def flags_open(org: Org, as_of: date) -> int:
    """Flags raised by the date and not yet confirmed or dismissed on it."""
    return Flag.objects.in_org(org).open_on(as_of).count()


@indicator(
    "matching.flags_confirmed",
    "已确认比对疑点",
    "条",
    records_url=LIST,
    records=_records_confirmed,
    columns=FLAG_COLUMNS,
)
def flags_confirmed(org: Org, as_of: date) -> int:
    """Flags confirmed (archive to be adjusted) on or before the date."""
    return Flag.objects.in_org(org).filter(state=FlagState.CONFIRMED, decided_on__lte=as_of).count()
