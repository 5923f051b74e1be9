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
    children = Org.objects.children_of(org, as_of).active_on(as_of)
    return list(children.exclude(level=Level.GRASSROOTS).order_by("admin_code", "pk")) or list(
        children.order_by("pk")[:50]
    )


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


# Units whose figures do not add up across units (a share, a growth rate): no 本级 value.
NOT_ADDITIVE_UNITS = frozenset({"%"})
# Counts that are not sums over units: a city competition counts for each county taking part.
NOT_ADDITIVE = frozenset({"honors.competitions_running"})


def additive(name: str) -> bool:
    """Whether the figure's units' values add up to the whole's (counts and sums do)."""
    return name not in NOT_ADDITIVE and indicators.get(name).unit not in NOT_ADDITIVE_UNITS


def own_label(org: Org) -> str:
    """The 本级 row's name: the city's own (市总本级), a county's own (县总本级)."""
    if org.level == Level.CITY:
        return "市总本级"
    if org.level == Level.COUNTY:
        return f"{org.display_name}县总本级" if org.short_name else "县总本级"
    return f"{org.display_name}本级"


def own_row(
    org: Org, totals: list[IndicatorValue], table: list[tuple[Org, list[IndicatorValue]]]
) -> list[IndicatorValue | None]:
    """The 本级 row of a comparison table: for each additive figure, what the org's total
    holds beyond its rows (its own records, and those of units directly under it that have no
    row, such as grassroots unions under the city), so that rows + 本级 = 合计; None for a
    figure that does not add up. The rows partition the subtree on the date (merged units
    count in their successor's row from the merge on, and in their own row before it), so
    the remainder is exactly the records of no row."""
    row: list[IndicatorValue | None] = []
    for index, total in enumerate(totals):
        if not additive(total.name):
            row.append(None)
            continue
        rest = total.value - sum(values[index].value for _, values in table)
        row.append(
            IndicatorValue(
                total.name, total.label, total.unit, rest, org.pk, own_label(org), total.as_of
            )
        )
    return row


def shows_own_row(org: Org, row: list[IndicatorValue | None], rows: int) -> bool:
    """The city always shows its 本级 row; a county or township where it has own records. A
    township's rows are its grassroots unions, at most 50 (`comparison_units`): when the
    list is cut there, the remainder is not its own and no 本级 row is shown."""
    if org.level == Level.CITY:
        return True
    if org.level not in (Level.COUNTY,) and rows >= 50:
        return False
    return any(v is not None and v.value for v in row)


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
