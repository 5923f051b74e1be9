"""Named writes of the facilities module: projects, their stages, service points."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from gonghui.core import audit
from gonghui.facilities.models import (
    STAGE_RANK,
    ConstructionProject,
    ProjectStage,
    ServicePoint,
)
from gonghui.orgs.models import Org
from gonghui.orgs.scoping import require_change


def _not_future(day: date, field: str, what: str) -> None:
    if day > timezone.localdate():
        raise ValidationError({field: [f"{what}不能晚于今天"]})


@transaction.atomic
def add_project(
    *, actor: Any, org: Org, kind: str, name: str, place: str = ""
) -> ConstructionProject:
    """Register a construction project (工人文化宫/职工文体中心) of a union."""
    require_change(actor, org, "阵地建设项目")
    if not name.strip():
        raise ValidationError({"name": ["请填写项目名称"]})
    project = ConstructionProject.objects.create(
        org=org, kind=kind, name=name.strip(), place=place.strip()
    )
    audit.record("facilities.project_added", actor=actor, obj=project)
    return project


@transaction.atomic
def record_stage(
    project: ConstructionProject, *, actor: Any, stage: str, reached_on: date, evidence: str = ""
) -> ProjectStage:
    """Record that a project reached a stage on a date, with its evidence (批复、合同、照片说明)."""
    require_change(actor, project.org, "阵地建设项目")
    _not_future(reached_on, "reached_on", "日期")
    # The project locked: two people recording the same stage at once get one row and a
    # message, not a duplicate-key error.
    list(
        ConstructionProject.objects.unscoped(reason="lock the project the actor may change")
        .select_for_update()
        .filter(pk=project.pk)
        .values("pk")
    )
    if project.stages.filter(stage=stage).exists():
        raise ValidationError({"stage": ["该阶段已经登记过，如有错误请联系管理员更正"]})
    rank = STAGE_RANK[stage]
    earlier = project.stages.filter(rank__lt=rank).order_by("-reached_on").first()
    if earlier is not None and reached_on < earlier.reached_on:
        raise ValidationError(
            {
                "reached_on": [
                    f"日期早于前一阶段“{earlier.get_stage_display()}”（{earlier.reached_on}）"
                ]
            }
        )
    row = ProjectStage.objects.create(
        project=project, stage=stage, reached_on=reached_on, evidence=evidence.strip()
    )
    audit.record(
        "facilities.stage_recorded",
        actor=actor,
        obj=project,
        detail={"stage": stage, "on": reached_on.isoformat()},
    )
    return row


@transaction.atomic
def add_service_point(*, actor: Any, org: Org, **fields: Any) -> ServicePoint:
    """Open a service point (女工憩园, 妈妈小屋, 清凉驿站, 四点半学校, 职工服务中心)."""
    require_change(actor, org, "服务站点")
    _not_future(fields["opened_on"], "opened_on", "启用日期")
    point = ServicePoint(org=org, **fields)
    point.full_clean(exclude=["county"])
    point.save()
    audit.record("facilities.service_point_added", actor=actor, obj=point)
    return point


@transaction.atomic
def close_service_point(point: ServicePoint, *, actor: Any, closed_on: date) -> ServicePoint:
    """Close a service point from a date (it stays in the history)."""
    require_change(actor, point.org, "服务站点")
    _not_future(closed_on, "closed_on", "停用日期")
    if closed_on < point.opened_on:
        raise ValidationError({"closed_on": ["停用日期不能早于启用日期"]})
    point.closed_on = closed_on
    point.save(update_fields=["closed_on"])
    audit.record("facilities.service_point_closed", actor=actor, obj=point)
    return point
