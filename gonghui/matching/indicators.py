"""Figures of data comparison (数据比对), for any org subtree as of any date."""

from __future__ import annotations

from datetime import date

from gonghui.core.indicators import indicator
from gonghui.matching.models import Flag, FlagState
from gonghui.orgs.models import Org

LIST = "matching:flag_list"


@indicator("matching.flags_open", "待核实比对疑点", "条", records_url=LIST)
def flags_open(org: Org, as_of: date) -> int:
    """Flags raised by the date and not yet confirmed or dismissed on it."""
    return Flag.objects.in_org(org).open_on(as_of).count()


@indicator("matching.flags_confirmed", "已确认比对疑点", "条", records_url=LIST)
def flags_confirmed(org: Org, as_of: date) -> int:
    """Flags confirmed (archive to be adjusted) on or before the date."""
    return Flag.objects.in_org(org).filter(state=FlagState.CONFIRMED, decided_on__lte=as_of).count()
