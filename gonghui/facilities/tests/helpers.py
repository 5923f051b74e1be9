"""Builders of facility records for the tests."""

from __future__ import annotations

from datetime import date

from gonghui.facilities.models import ConstructionProject, ProjectStage, ServicePoint
from gonghui.orgs.models import Org


def project(org: Org, kind: str, *steps: tuple[str, date]) -> ConstructionProject:
    """A project with its stages."""
    record = ConstructionProject.objects.create(org=org, kind=kind, name=f"{org.name}{kind}项目")
    for stage, day in steps:
        ProjectStage.objects.create(project=record, stage=stage, reached_on=day)
    return record


def point(org: Org, kind: str, opened_on: date, closed_on: date | None = None) -> ServicePoint:
    record = ServicePoint(
        org=org,
        kind=kind,
        name=f"{org.name}{kind}",
        place="工人路1号",
        opened_on=opened_on,
        closed_on=closed_on,
    )
    record.save()
    return record
