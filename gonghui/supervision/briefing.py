"""Sentences supervision offers the briefing writer: the work still open, with owners and deadlines."""

from __future__ import annotations

from datetime import date

from gonghui.core.documents import format_date
from gonghui.orgs.models import Level, Org, subtree_q
from gonghui.supervision.models import Assignment, Task
from gonghui.supervision.progress import assess_assignments, summarize_tasks


def _units_label(names: list[str], levels: set[str]) -> str:
    if len(names) > 3 and levels == {Level.COUNTY}:
        return f"各县（市、区）总工会（{len(names)}个）"
    return "、".join(names)


def open_tasks(org: Org, as_of: date) -> list[str]:
    """Each top-level task of the year's plans made in the org's subtree that is not done yet:
    what, who leads, which units, by when (part three of the speech)."""
    tasks = list(
        Task.objects.filter(subtree_q(org, "plan__org"), plan__year=as_of.year)
        .select_related("plan")
        .order_by("plan__kind", "plan_id", "order", "pk")
    )
    units = assess_assignments(Assignment.objects.filter(task__in=[t.pk for t in tasks]), as_of)
    summary = summarize_tasks(tasks, units, as_of)
    names: dict[int, list[str]] = {}
    levels: dict[int, set[str]] = {}
    for u in units:
        names.setdefault(u.assignment.task_id, []).append(u.assignment.org.name)
        levels.setdefault(u.assignment.task_id, set()).add(u.assignment.org.level)
    lines = []
    for task in tasks:
        entry = summary[task.pk]
        if task.parent_id is not None or entry.done or entry.assessment is None:
            continue
        owners = [p for p in (task.lead_leader, task.lead_department) if p]
        unit_names = names.get(task.pk, [])
        for sub in entry.subtasks:
            unit_names.extend(n for n in names.get(sub.task.pk, []) if n not in unit_names)
        parts = [f"{task.title}"]
        if owners:
            parts.append(f"由{'、'.join(owners)}牵头")
        if unit_names:
            parts.append(
                f"责任单位：{_units_label(sorted(set(unit_names)), levels.get(task.pk, {Level.COUNTY}))}"
            )
        parts.append(f"{format_date(task.deadline)}前完成")
        lines.append("，".join(parts) + "。")
    return lines
