"""The supervision key figures of the city computed once and kept for each county's comparison
row (see gonghui.core.county_pass): the city's assignments are assessed once (the costly part:
`assess_assignments`) and each county's count taken from its own units and plans, instead of
assessing every county's assignments again."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from datetime import date

from django.db.models import QuerySet

from gonghui.core import county_pass, figure_cache
from gonghui.orgs.models import Level, Org
from gonghui.supervision import schedule
from gonghui.supervision.models import Assignment, Task
from gonghui.supervision.progress import assess_assignments, summarize_tasks


def _key(name: str, org_id: int, as_of: date) -> str:
    return f"supervision.{name}:{org_id}:{as_of}"


def _from_city_or(
    name: str, org: Org, as_of: date, compute: Callable[[int | str | None], int]
) -> int:
    """The city's figure (its pass keeping the counties', cached by the data version), a
    county's kept from that pass, or computed alone (`compute(None)`: nothing kept)."""
    if not county_pass.applies(org):
        if org.level != Level.COUNTY:
            return compute(None)
        version = figure_cache.current("supervision")
        key = lambda city: _key(f"{name}.counties", city, as_of)
        from_city: int | None = county_pass.kept(org, key, version)
        return from_city if from_city is not None else compute(None)
    # Before the queries: the values are at least as new.
    version = figure_cache.current("supervision")
    return figure_cache.cached(_key(name, org.pk, as_of), version, lambda: compute(version))


def behind_count(org: Org, as_of: date, assignments: QuerySet[Assignment]) -> int:
    """Assignments behind schedule among `assignments` (the org's year assignments). An
    assignment's standing is its own (its task, reports and milestones), so a county's count
    is the city's behind units whose org lies under the county."""

    def compute(version: int | str | None) -> int:
        units = assess_assignments(assignments, as_of)
        behind = [u for u in units if schedule.is_behind(u.assessment.status)]
        if version is not None:  # the city: keep each county's
            paths = (county_pass.prefix_of(org, _path(u.org, u.assignment)) for u in behind)
            counts = Counter(p for p in paths if p is not None)
            county_pass.keep(
                _key("behind.counties", org.pk, as_of),
                version,
                county_pass.by_path(org, dict(counts), version),
                int,
                county_pass.exact_counties(org, version),
            )
        return len(behind)

    return _from_city_or("behind", org, as_of, compute)


def _path(org: Org | None, assignment: Assignment) -> str:
    return (org or assignment.org).path


def tasks_done(org: Org, as_of: date, tasks: QuerySet[Task]) -> int:
    """Top-level tasks done among `tasks` (every task of the year's reform plans made by the
    org's subtree, with their plans). A task is done by its units (all of the task's
    assignments, wherever they are) and its sub-tasks; a county's count is the city's done
    tasks of plans made under the county, unless a sub-task and its parent lie in plans of
    different counties (then neither county is kept: alone, each would see the other's part
    missing)."""

    def compute(version: int | str | None) -> int:
        rows = list(tasks)
        units = assess_assignments(Assignment.objects.filter(task__in=tasks.values("pk")), as_of)
        summary = summarize_tasks(rows, units, as_of)
        done = [e.task for e in summary.values() if e.task.parent_id is None and e.done]
        if version is not None:  # the city: keep each county's
            paths = dict(
                Org.objects.filter(pk__in={t.plan.org_id for t in rows}).values_list("pk", "path")
            )
            county = {t.pk: county_pass.prefix_of(org, paths[t.plan.org_id]) for t in rows}
            split = set()
            for t in rows:
                if t.parent_id in county and county[t.parent_id] != county[t.pk]:
                    split.update((county[t.pk], county[t.parent_id]))
            counts = Counter(county[t.pk] for t in done if county[t.pk] is not None)
            unsplit = set(county_pass.by_path(org, {p: p for p in split if p}, version))
            county_pass.keep(
                _key("tasks_done.counties", org.pk, as_of),
                version,
                county_pass.by_path(org, dict(counts), version),
                int,
                [pk for pk in county_pass.exact_counties(org, version) if pk not in unsplit],
            )
        return len(done)

    return _from_city_or("tasks_done", org, as_of, compute)
