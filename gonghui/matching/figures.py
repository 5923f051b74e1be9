"""Per-county figures of flags, shared by the summary page and the findings."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.db.models import Count, Min, Q

from gonghui.matching.models import FlagState

# Flags open longer than this are "not adjusted in time" (the speech's 档案调整不及时).
OVERDUE_DAYS = 30


def county_summary(flags: Any, as_of: date) -> list[dict[str, Any]]:
    """Per county: flags open, open over 30 days, confirmed, dismissed, oldest open (days)."""
    overdue_before = as_of - timedelta(days=OVERDUE_DAYS)
    open_q = Q(raised_on__lte=as_of) & (Q(decided_on__isnull=True) | Q(decided_on__gt=as_of))
    decided_q = Q(decided_on__lte=as_of)
    rows = (
        flags.values("county_id", "county__name")
        .annotate(
            open=Count("pk", filter=open_q),
            overdue=Count("pk", filter=open_q & Q(raised_on__lt=overdue_before)),
            confirmed=Count("pk", filter=decided_q & Q(state=FlagState.CONFIRMED)),
            dismissed=Count("pk", filter=decided_q & Q(state=FlagState.DISMISSED)),
            oldest=Min("raised_on", filter=open_q),
        )
        .order_by("county__name")
    )
    out = []
    for row in rows:
        oldest = row["oldest"]
        out.append(
            {
                "county_id": row["county_id"],
                "county": row["county__name"],
                "open": row["open"],
                "overdue": row["overdue"],
                "confirmed": row["confirmed"],
                "dismissed": row["dismissed"],
                "oldest_days": (as_of - oldest).days if oldest else None,
            }
        )
    return out
