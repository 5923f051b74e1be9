"""Dues problems the speech names (经费征缴): below the time line, and negative growth."""

from __future__ import annotations

from datetime import date

from django.urls import reverse

from gonghui.core.findings import Finding, Group
from gonghui.funds import queries, rules
from gonghui.orgs.counties import counties_under
from gonghui.orgs.models import Org


def findings(org: Org, as_of: date) -> list[Finding]:
    """Counties under the org behind the time-proportional share, and with negative growth."""
    rows = queries.county_table(counties_under(org, as_of), as_of)
    url = f"{reverse('funds:dues')}?as_of={as_of.isoformat()}"
    found = []
    behind = [r for r in rows if r.status == rules.Status.RED]
    if behind:
        expected = behind[0].expected_pct
        detail = "、".join(f"{r.county.display_name}（{r.share_pct:.1f}%）" for r in behind)
        found.append(
            Finding(
                kind="funds.below_schedule",
                group=Group.UNEVEN,
                title=(
                    f"{len(behind)}个县（市、区）工会经费征缴低于序时进度"
                    f"（{expected:.1f}%）{rules.SCHEDULE_TOLERANCE:.0f}个百分点以上：{detail}"
                ),
                orgs=[r.county.name for r in behind],
                url=url,
            )
        )
    shrinking = [r for r in rows if r.growth is not None and r.growth < 0]
    if shrinking:
        detail = "、".join(f"{r.county.display_name}（{r.growth_pct:.1f}%）" for r in shrinking)
        found.append(
            Finding(
                kind="funds.negative_growth",
                group=Group.UNEVEN,
                title=f"{len(shrinking)}个县（市、区）工会经费征缴同比负增长：{detail}",
                orgs=[r.county.name for r in shrinking],
                url=url,
            )
        )
    return found
