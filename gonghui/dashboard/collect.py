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
from gonghui.core.figure_cache import Versions
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


def _indicator_modules() -> list[str]:
    """The modules that declare figures, in the order they declare them."""
    return list(dict.fromkeys(i.module for i in indicators.all_indicators()))


def figures(org: Org, as_of: date, versions: Versions | None = None) -> list[IndicatorValue]:
    """Every indicator for the org and date, cached module by module: a change of one
    module's records recomputes only the figures that read them."""
    versions = versions or figure_cache.snapshot()
    values: list[IndicatorValue] = []
    for module in _indicator_modules():
        values.extend(
            figure_cache.cached(
                f"figures:{module}:{org.pk}:{as_of.isoformat()}",
                versions.of(module),
                lambda module=module: indicators.compute_all(org, as_of, prefix=f"{module}."),
            )
        )
    return values


def sections(org: Org, as_of: date, versions: Versions | None = None) -> list[Section]:
    """The figures grouped by module, in the order the modules are installed."""
    grouped: dict[str, list[IndicatorValue]] = {}
    for value in figures(org, as_of, versions):
        grouped.setdefault(value.name.split(".", 1)[0], []).append(value)
    return [Section(m, _module_label(m), values) for m, values in grouped.items()]


def key_figures(org: Org, as_of: date, versions: Versions | None = None) -> list[IndicatorValue]:
    """The key figures that exist, in KEY_INDICATORS order."""
    by_name = {v.name: v for v in figures(org, as_of, versions)}
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
    org: Org, as_of: date, names: list[str], versions: Versions | None = None
) -> list[tuple[Org, list[IndicatorValue]]]:
    """For each child unit, the named figures. Only the named figures are computed (at
    province scale every figure of 100 units was most of the first request after a change),
    and each module's columns are one cache entry under that module's version."""
    versions = versions or figure_cache.snapshot()
    registered = {i.name for i in indicators.all_indicators()}
    known = [n for n in names if n in registered]
    units = comparison_units(org, as_of)
    by_module: dict[str, list[str]] = {}
    for name in known:
        by_module.setdefault(name.split(".", 1)[0], []).append(name)
    columns: dict[str, dict[int, IndicatorValue]] = {}
    for module, module_names in by_module.items():
        rows = figure_cache.cached(
            f"comparison:{module}:{org.pk}:{as_of.isoformat()}:{_digest(module_names)}",
            versions.of(module),
            lambda module_names=module_names: [
                [indicators.compute(n, unit, as_of) for n in module_names] for unit in units
            ],
        )
        for unit, values in zip(units, rows, strict=True):
            for value in values:
                columns.setdefault(value.name, {})[unit.pk] = value
    return [(unit, [columns[n][unit.pk] for n in known]) for unit in units]


def _digest(names: list[str]) -> str:
    """A short stable name for a list of figure names (cache keys stay under 250 bytes)."""
    return hashlib.sha1(",".join(names).encode(), usedforsecurity=False).hexdigest()[:16]


def findings(org: Org, as_of: date, versions: Versions | None = None) -> list[Finding]:
    """Every problem every module detects for the org and date, cached module by module."""
    versions = versions or figure_cache.snapshot()
    found: list[Finding] = []
    for config in apps.get_app_configs():
        name = f"{config.name}.findings"
        if config.name.startswith("gonghui.") and find_spec(name) is not None:
            detect = getattr(import_module(name), "findings", None)
            if detect is not None:
                found.extend(
                    figure_cache.cached(
                        f"findings:{config.label}:{org.pk}:{as_of.isoformat()}",
                        versions.of(config.label),
                        lambda detect=detect: list(detect(org, as_of)),
                    )
                )
    return found


def grouped_findings(items: list[Finding]) -> list[tuple[str, list[Finding]]]:
    """Findings grouped as the speech groups the problems."""
    groups = [(label, [f for f in items if f.group == key]) for key, label in Group.LABELS.items()]
    return [(label, members) for label, members in groups if members]
