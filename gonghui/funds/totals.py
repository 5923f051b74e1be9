"""The monthly totals per county (DuesMonthTotal): recomputed from the receipts, exactly.

Every write of receipts calls `refresh` for the (county, month) pairs it touched, inside the
same transaction; `rebuild` recomputes everything (after a bulk load, or to check).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import Count, Q, Sum
from django.db.models.signals import post_delete, post_save

from gonghui.funds.models import DuesMonthTotal, DuesReceipt
from gonghui.orgs.models import Org
from gonghui.orgs.tree import counties_rewritten


def refresh(pairs: Iterable[tuple[int | None, date]]) -> None:
    """Recompute the totals of these (county id, month) pairs from their receipts."""
    wanted = {(c, m) for c, m in pairs if c is not None}
    if not wanted:
        return
    match = Q()
    for county_id, month in wanted:
        match |= Q(county_id=county_id, month=month)
    with transaction.atomic():
        # Writers of one county's receipts recompute its totals one after another (the county
        # rows locked, in order): each then sums what the others committed, and two never
        # insert the same total (simultaneous receipts gave a duplicate-key error, a 500).
        # NO KEY UPDATE: receipts referencing the county can still be inserted meanwhile.
        counties = sorted({c for c, _ in wanted})
        list(
            Org.objects.select_for_update(no_key=True)
            .filter(pk__in=counties)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        sums = {
            (row["county_id"], row["month"]): row
            for row in DuesReceipt.objects.filter(match)
            .values("county_id", "month")
            .annotate(total=Sum("amount"), n=Count("pk"))
            .order_by()
        }
        DuesMonthTotal.objects.filter(match).delete()
        DuesMonthTotal.objects.bulk_create(
            DuesMonthTotal(county_id=c, month=m, amount=row["total"], receipts=row["n"])
            for (c, m), row in sums.items()
        )


def rebuild() -> int:
    """Recompute every monthly total from the receipts; returns how many there are."""
    rows = (
        DuesReceipt.objects.filter(county__isnull=False)
        .values("county_id", "month")
        .annotate(total=Sum("amount"), n=Count("pk"))
        .order_by()
    )
    with transaction.atomic():
        DuesMonthTotal.objects.all().delete()
        created = DuesMonthTotal.objects.bulk_create(
            DuesMonthTotal(
                county_id=r["county_id"], month=r["month"], amount=r["total"], receipts=r["n"]
            )
            for r in rows
        )
    return len(created)


def _on_receipt_change(sender: type, instance: DuesReceipt, **kwargs: Any) -> None:
    refresh([(instance.county_id, instance.month)])


post_save.connect(_on_receipt_change, sender=DuesReceipt, dispatch_uid="funds-month-total-save")
post_delete.connect(_on_receipt_change, sender=DuesReceipt, dispatch_uid="funds-month-total-delete")


def _after_a_move(
    sender: Any, org_ids: list[int], old_counties: set[int | None], **kw: Any
) -> None:
    """A move of the tree rewrote the receipts' county: both counties' months are recomputed."""
    if sender is not DuesReceipt:
        return
    rows = DuesReceipt.objects.filter(org_id__in=org_ids)
    months = set(rows.order_by().values_list("month", flat=True).distinct())
    counties = old_counties | set(rows.order_by().values_list("county_id", flat=True).distinct())
    refresh((c, m) for c in counties for m in months)


counties_rewritten.connect(_after_a_move, dispatch_uid="funds-totals-after-a-move")
