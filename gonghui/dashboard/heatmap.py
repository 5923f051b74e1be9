"""The status heat-map of key tasks × units (督查督办 at a glance): each cell is a unit's
standing on a task as of the date, coloured as the supervision office colours it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from gonghui.orgs.models import Org

MAX_TASKS = 40  # a screen's worth; the supervision overview pages through the rest


@dataclass(frozen=True)
class Cell:
    colour: str  # green / amber / red / done
    label: str  # the status in Chinese
    gap: float  # points against the time-proportional schedule


@dataclass(frozen=True)
class HeatMap:
    units: list[Org]
    rows: list[tuple[str, int, list[Cell | None]]]  # task title, task id, one cell per unit


def build(user: Any, units: list[Org], as_of: date) -> HeatMap:
    """Tasks of the date's year assigned to the units, with each unit's standing."""
    from gonghui.supervision.models import Assignment
    from gonghui.supervision.progress import assess_assignments

    if not units:
        return HeatMap([], [])
    assignments = Assignment.objects.for_user(user).filter(
        org__in=units, task__plan__year=as_of.year, task__start__lte=as_of
    )
    column = {unit.pk: index for index, unit in enumerate(units)}
    rows: dict[int, tuple[str, list[Cell | None]]] = {}
    for standing in assess_assignments(assignments, as_of):
        task = standing.assignment.task
        if task.pk not in rows:
            if len(rows) >= MAX_TASKS:
                continue
            rows[task.pk] = (task.title, [None] * len(units))
        a = standing.assessment
        rows[task.pk][1][column[standing.assignment.org_id]] = Cell(
            str(a.colour), a.status_label, round(a.gap, 1)
        )
    return HeatMap(units, [(title, pk, cells) for pk, (title, cells) in rows.items()])
