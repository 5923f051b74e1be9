"""What the dashboard and the briefing read: every module's figures and findings, for an org
and a date, cached by the data version (see gonghui.core.figure_cache)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date
from importlib import import_module
from importlib.util import find_spec

from django.apps import apps

from gonghui.core import figure_cache, indicators
from gonghui.core.findings import Finding, Group
from gonghui.core.indicators import IndicatorValue
from gonghui.orgs.models import Level, Org

# The figures the speech quotes and the leaders compare across counties, in the speech's order.
KEY_INDICATORS = (
    "supervision.reform_tasks_done",
    "supervision.reform_tasks_total",
    "supervision.assignments_behind",
    "hardship.archived_households",
    "hardship.archived_local",
    "hardship.assistance_amount",
    "rights.petition_cases",
    "rights.petition_persons",
    "rights.supervision_committees",
    "funds.dues_collected",
    "funds.dues_share_of_plan",
    "funds.dues_growth",
    "unions.reelections_due",
    "unions.reelections_overdue",
    "facilities.palaces_started",
    "supervision.submissions",
    "supervision.innovation_projects",
    "orgs.grassroots_units",
    "orgs.members",
)


@dataclass(frozen=True)
class Section:
    """One module's figures."""

    module: str
    label: str
    figures: list[IndicatorValue]


def _module_label(module: str) -> str:
    try:
        return str(apps.get_app_config(module).verbose_name)
    except LookupError:
        return module


def figures(org: Org, as_of: date, version: int | None = None) -> list[IndicatorValue]:
    """Every indicator for the org and date (cached)."""
    version = figure_cache.current() if version is None else version
    return figure_cache.cached(
        f"figures:{org.pk}:{as_of.isoformat()}",
        version,
        lambda: indicators.compute_all(org, as_of),
    )


def sections(org: Org, as_of: date, version: int | None = None) -> list[Section]:
    """The figures grouped by module, in the order the modules are installed."""
    grouped: dict[str, list[IndicatorValue]] = {}
    for value in figures(org, as_of, version):
        grouped.setdefault(value.name.split(".", 1)[0], []).append(value)
    return [Section(m, _module_label(m), values) for m, values in grouped.items()]


def key_figures(org: Org, as_of: date, version: int | None = None) -> list[IndicatorValue]:
    """The key figures that exist, in KEY_INDICATORS order."""
    by_name = {v.name: v for v in figures(org, as_of, version)}
    return [by_name[name] for name in KEY_INDICATORS if name in by_name]


def comparison_units(org: Org, as_of: date) -> list[Org]:
    """The units a figure is compared across: the org's children that existed on the date."""
    return list(
        Org.objects.filter(parent=org)
        .active_on(as_of)
        .exclude(level=Level.GRASSROOTS)
        .order_by("admin_code", "pk")
    ) or list(Org.objects.filter(parent=org).active_on(as_of).order_by("pk")[:50])


def comparison_table(
    org: Org, as_of: date, names: list[str], version: int | None = None
) -> list[tuple[Org, list[IndicatorValue]]]:
    """For each child unit, the named figures, cached as one entry. Only the named figures
    are computed: at province scale every figure (60-odd) of 100 units was most of the first
    request after a change, and their 100 entries overflowed the default cache (300 entries),
    so that even the next request computed everything again."""
    version = figure_cache.current() if version is None else version
    registered = {i.name for i in indicators.all_indicators()}
    known = [n for n in names if n in registered]

    def compute() -> list[tuple[Org, list[IndicatorValue]]]:
        return [
            (unit, [indicators.compute(n, unit, as_of) for n in known])
            for unit in comparison_units(org, as_of)
        ]

    return figure_cache.cached(
        f"comparison:{org.pk}:{as_of.isoformat()}:{_digest(known)}", version, compute
    )


def _digest(names: list[str]) -> str:
    """A short stable name for a list of figure names (cache keys stay under 250 bytes)."""
    return hashlib.sha1(",".join(names).encode(), usedforsecurity=False).hexdigest()[:16]


def findings(org: Org, as_of: date, version: int | None = None) -> list[Finding]:
    """Every problem every module detects for the org and date (cached)."""
    version = figure_cache.current() if version is None else version
    return figure_cache.cached(
        f"findings:{org.pk}:{as_of.isoformat()}", version, lambda: _collect_findings(org, as_of)
    )


def _collect_findings(org: Org, as_of: date) -> list[Finding]:
    found: list[Finding] = []
    for config in apps.get_app_configs():
        name = f"{config.name}.findings"
        if config.name.startswith("gonghui.") and find_spec(name) is not None:
            module = import_module(name)
            detect = getattr(module, "findings", None)
            if detect is not None:
                found.extend(detect(org, as_of))
    return found


def grouped_findings(items: list[Finding]) -> list[tuple[str, list[Finding]]]:
    """Findings grouped as the speech groups the problems."""
    groups = [(label, [f for f in items if f.group == key]) for key, label in Group.LABELS.items()]
    return [(label, members) for label, members in groups if members]
