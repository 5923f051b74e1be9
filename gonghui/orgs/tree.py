"""Moves and merges of the org tree (隶属关系变更、合并): named, audited actions with an
effective date. Nobody edits `parent`, `path` or `successor` by hand (ARCHITECTURE: the tree
is dated); these two functions are the only writers, called by the superuser pages and the
`move_org` / `merge_org` commands.

A move keeps the org's old placement (and each descendant's) as an `OrgPlacement` ending on
the effective date, so that figures as of an earlier day read the tree of that day; a merge
marks the unit as succeeded from the date, and `Org.scope_paths` counts it for its successor
only from then on.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.apps import apps
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Max
from django.dispatch import Signal
from django.utils import timezone

from gonghui.core import audit, figure_cache
from gonghui.orgs.counties import county_id_of
from gonghui.orgs.models import LAST_MOVE_KEY, Level, Org, OrgPlacement, last_move

# Higher levels first: a parent must stand above its child.
RANK = {Level.CITY: 0, Level.COUNTY: 1, Level.TOWNSHIP: 2, Level.GRASSROOTS: 3}


def _level(org: Org) -> str:
    return str(Level(org.level).label)


def _refuse(message: str) -> None:
    raise ValidationError(message)


def _check_move(org: Org, new_parent: Org, on: date) -> None:
    """Refuse a move the tree cannot take, naming the units and the reason."""
    if new_parent.pk == org.pk or new_parent.path.startswith(org.path):
        _refuse(f"不能把{org.name}移到它自己的下级{new_parent.name}之下")
    if org.parent_id is None:
        _refuse(f"{org.name}是最上级的工会，不能移动")
    if org.parent_id == new_parent.pk:
        _refuse(f"{org.name}已隶属于{new_parent.name}")
    if RANK[Level(new_parent.level)] >= RANK[Level(org.level)]:
        _refuse(
            f"{new_parent.name}是{_level(new_parent)}，不能作为{org.name}（{_level(org)}）的上级"
        )
    if org.level == Level.TOWNSHIP and new_parent.level != Level.COUNTY:
        _refuse(
            f"{org.name}是{_level(org)}，只能隶属于县（市、区）总工会，不能移到{new_parent.name}"
        )
    if on > timezone.localdate():
        _refuse(f"生效日期{on}晚于今天：{org.name}的移动请在生效当天或之后办理")
    if org.established_on and on < org.established_on:
        _refuse(f"{org.name}成立于{org.established_on}，不能在此之前（{on}）变更隶属关系")
    if new_parent.established_on and on < new_parent.established_on:
        _refuse(f"{new_parent.name}成立于{new_parent.established_on}，{on}时还不存在")
    for unit in (org, new_parent):
        if unit.dissolved_on and unit.dissolved_on <= on:
            _refuse(f"{unit.name}已于{unit.dissolved_on}撤销，不能在{on}移动或接收下级")
        if unit.successor_id and unit.succeeded_on and unit.succeeded_on <= on:
            _refuse(
                f"{unit.name}已于{unit.succeeded_on}并入{unit.successor}，不能在{on}移动或接收下级"
            )
    later = (
        OrgPlacement.objects.filter(org__path__startswith=org.path, valid_to__gte=on)
        .order_by("-valid_to")
        .select_related("org")
        .first()
    )
    if later is not None:
        _refuse(
            f"{later.org.name}已于{later.valid_to}变更过隶属关系，"
            f"不能再以更早或相同的日期（{on}）移动{org.name}"
        )


def _county_models() -> list[type[models.Model]]:
    """Record models that store their county next to their org (`county` and `org` FKs)."""
    found = []
    for model in apps.get_models():
        names = {f.name: f for f in model._meta.concrete_fields}
        county, org = names.get("county"), names.get("org")
        if (
            county is not None
            and org is not None
            and county.is_relation
            and org.is_relation
            and county.related_model is Org
            and org.related_model is Org
        ):
            found.append(model)
    return found


# Sent after a move rewrote a record model's stored county (sender: the model; `org_ids`: the
# moved units; `old_counties`: the county ids their rows had): modules that keep sums by
# county (funds' monthly dues totals) recompute them, without the tree importing them.
counties_rewritten = Signal()


def _rewrite_counties(moved: list[Org], fallback: int) -> dict[str, int]:
    """Rewrite the stored county of every record of the moved orgs (as of today's tree);
    returns the rows rewritten per model."""
    by_county: dict[int | None, list[int]] = {}
    for unit in moved:
        by_county.setdefault(county_id_of(unit), []).append(unit.pk)
    ids = [unit.pk for unit in moved]
    rewritten: dict[str, int] = {}
    for model in _county_models():
        rows = model._base_manager.filter(org_id__in=ids)
        old = set(rows.order_by().values_list("county_id", flat=True).distinct())
        count = 0
        for county, org_ids in by_county.items():
            if county is None and not model._meta.get_field("county").null:
                county = fallback  # a non-null column: the unit's top (the city) stands for it
            count += model._base_manager.filter(org_id__in=org_ids).update(county_id=county)
        if count:
            rewritten[model._meta.label] = count
            counties_rewritten.send(sender=model, org_ids=ids, old_counties=old)
    return rewritten


@transaction.atomic
def move_org(org: Org, new_parent: Org, on: date, actor: Any = None) -> Org:
    """Move an org (with everything under it) under a new parent from `on` (隶属关系变更).

    The old placements are kept as history ending on `on`: figures as of an earlier day count
    the org and its records where they then stood. Paths, depths and the stored county columns
    of the records are rewritten in this transaction, so that from the move on the new
    parent's officers see the org and its records and the old parent's no longer do.

    Records dated on or after `on` that were entered before the move (a move dated in the
    past) are handled explicitly, not refused: they belong to the org, and the dated tree puts
    the org under its new parent from `on`, so figures as of those days count them there, as
    the move says they should. Refusing would make a late registration of a real move
    impossible once the unit had kept its records for a day. What was counted for a day before
    `on` does not change. A move dated in the future is refused (nothing would carry it out on
    the day); so is one dated before a later move already registered in the subtree.
    """
    org = Org.objects.select_for_update().get(pk=org.pk)
    new_parent = Org.objects.get(pk=new_parent.pk)
    _check_move(org, new_parent, on)
    old_parent = org.parent
    old_path = org.path
    new_path = f"{new_parent.path}{org.pk}/"
    subtree = list(Org.objects.select_for_update().filter(path__startswith=old_path))
    since = dict(
        OrgPlacement.objects.filter(org__in=subtree)
        .values("org_id")
        .annotate(last=Max("valid_to"))
        .values_list("org_id", "last")
    )
    OrgPlacement.objects.bulk_create(
        OrgPlacement(
            org=unit,
            parent_id=unit.parent_id,
            path=unit.path,
            valid_from=since.get(unit.pk),
            valid_to=on,
        )
        for unit in subtree
    )
    for unit in subtree:
        unit.path = new_path + unit.path[len(old_path) :]
        unit.depth = unit.path.count("/") - 2
        if unit.pk == org.pk:
            unit.parent = new_parent
    Org.objects.bulk_update(subtree, ["path", "depth", "parent"])
    top = int(new_path.strip("/").split("/")[0])
    rewritten = _rewrite_counties(subtree, fallback=top)
    latest = last_move()
    cache.set(LAST_MOVE_KEY, max(on, latest).isoformat() if latest else on.isoformat(), None)
    moved = next(unit for unit in subtree if unit.pk == org.pk)
    audit.record(
        "org.moved",
        actor=actor,
        obj=moved,
        org=new_parent,
        detail={
            "from": old_parent.pk if old_parent else None,
            "to": new_parent.pk,
            "on": on.isoformat(),
            "units": len(subtree),
            "records_recounted": rewritten,
        },
    )
    figure_cache.bump()  # every module's figures read the tree
    return moved


def _open_assignments(org: Org, on: date) -> tuple[int, str]:
    """Supervision assignments of the unit's subtree still running on the day (deadline not
    passed): how many, and one task's title to name."""
    try:
        assignment = apps.get_model("supervision", "Assignment")
    except LookupError:  # supervision not installed
        return 0, ""
    rows = assignment._base_manager.filter(
        org__path__startswith=org.path, task__deadline__gte=on
    ).select_related("task")
    first = rows.order_by("task__deadline", "pk").first()
    return rows.count(), first.task.title if first else ""


@transaction.atomic
def merge_org(merged: Org, successor: Org, on: date, actor: Any = None) -> Org:
    """Merge a unit into its successor (梅列 into 三元, 2021-06-01): the unit is kept, marked as
    succeeded from `on`; from then on its records count in the successor's figures, and as of
    any earlier day it stays its own unit with its own figures (history is not rewritten).
    Records keep their org and stored county: the successor's scope takes them in by date."""
    merged = Org.objects.select_for_update().get(pk=merged.pk)
    successor = Org.objects.get(pk=successor.pk)
    if merged.pk == successor.pk:
        _refuse(f"不能把{merged.name}并入它自己")
    if merged.level != successor.level:
        _refuse(
            f"{merged.name}是{_level(merged)}，{successor.name}是{_level(successor)}："
            "只能并入同级单位"
        )
    if successor.path.startswith(merged.path):
        _refuse(f"{successor.name}在{merged.name}之下，不能作为它的并入单位")
    if merged.path.startswith(successor.path):
        _refuse(f"{merged.name}已在{successor.name}之下，无需合并")
    if merged.successor_id:
        _refuse(f"{merged.name}已于{merged.succeeded_on}并入{merged.successor}")
    for unit in (merged, successor):
        if unit.established_on and on < unit.established_on:
            _refuse(f"{unit.name}成立于{unit.established_on}，不能在此之前（{on}）合并")
        if unit.dissolved_on and unit.dissolved_on <= on:
            _refuse(f"{unit.name}已于{unit.dissolved_on}撤销，不能在{on}合并")
    if successor.successor_id and successor.succeeded_on and successor.succeeded_on <= on:
        _refuse(
            f"{successor.name}已于{successor.succeeded_on}并入{successor.successor}，不能再接收合并"
        )
    count, title = _open_assignments(merged, on)
    if count:
        _refuse(
            f"{merged.name}还有{count}项未到期的督办任务（如“{title}”），"
            f"请先办结或移交{successor.name}后再合并"
        )
    merged.successor, merged.succeeded_on = successor, on
    merged.save(update_fields=["successor", "succeeded_on"])
    audit.record(
        "org.merged",
        actor=actor,
        obj=merged,
        org=successor,
        detail={"successor": successor.pk, "on": on.isoformat()},
    )
    figure_cache.bump()  # every module's figures read the tree
    return merged


def find_org(name: str) -> Org:
    """An org named by its administrative code (6 digits) or its id, for the commands."""
    text = name.strip()
    if len(text) == 6 and text.isdigit():
        found = Org.objects.filter(admin_code=text).first()
        if found is not None:
            return found
    if text.isdigit():
        found = Org.objects.filter(pk=int(text)).first()
        if found is not None:
            return found
    raise ValidationError(f"找不到行政区划代码或编号为{text}的工会")
