"""The indicator registry (指标): named figures computed from dated records.

Each module declares its figures in its own `indicators.py` with `@indicator(...)`; the
dashboard, notices, briefings, the API and `manage.py indicators` all read them from here.
A figure is a pure function of (org subtree, as-of date) over the records: never typed in.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from gonghui.orgs.models import Org

Number = int | float | Decimal
Compute = Callable[["Org", date], Number]
# The records that make a figure for an org subtree and date (drill-down, 下钻).
Records = Callable[["Org", date], "QuerySet"]
Columns = tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Indicator:
    """A named figure: how to compute it for an org subtree as of a date."""

    name: str
    label: str
    unit: str
    compute: Compute
    description: str = ""
    # URL name of the module's page about the figure (its own list, filters and actions).
    records_url: str = ""
    # Exactly the records that make the figure: `records(org, as_of).count() == value` for a
    # count; for a sum, the rows whose `records_sum` field adds up to the value.
    records: Records | None = None
    # (field path, Chinese header) of the columns the drill-down page shows.
    columns: Columns = ()
    # The field summed when the figure is a sum of the records ("" when it is their count).
    records_sum: str = ""

    @property
    def module(self) -> str:
        return self.name.split(".", 1)[0]


@dataclass(frozen=True)
class IndicatorValue:
    """One computed figure, with what produced it (for appendices and the API)."""

    name: str
    label: str
    unit: str
    value: Number
    org_id: int
    org_name: str
    as_of: date

    def as_json(self) -> dict[str, object]:
        value = float(self.value) if isinstance(self.value, Decimal) else self.value
        return {"name": self.name, "label": self.label, "unit": self.unit, "value": value}


_registry: dict[str, Indicator] = {}


def indicator(
    name: str,
    label: str,
    unit: str,
    *,
    description: str = "",
    records_url: str = "",
    records: Records | None = None,
    columns: Columns = (),
    records_sum: str = "",
) -> Callable[[Compute], Compute]:
    """Register the decorated function as the indicator `name` (module.figure)."""

    def register(func: Compute) -> Compute:
        if name in _registry and _registry[name].compute is not func:
            raise ValueError(f"indicator {name!r} is registered twice")
        _registry[name] = Indicator(
            name, label, unit, func, description, records_url, records, columns, records_sum
        )
        return func

    return register


def all_indicators() -> list[Indicator]:
    """Every registered indicator, in the order the modules declare them."""
    return list(_registry.values())


def get(name: str) -> Indicator:
    """The indicator called `name`; KeyError when there is none."""
    return _registry[name]


def compute(name: str, org: Org, as_of: date) -> IndicatorValue:
    """Compute one indicator for the org's subtree as of the date."""
    from gonghui.orgs.models import tree_as_of

    ind = get(name)
    with tree_as_of(as_of):  # every subtree query inside reads the tree of that day
        value = ind.compute(org, as_of)
    return IndicatorValue(ind.name, str(ind.label), ind.unit, value, org.pk, org.name, as_of)


def compute_all(org: Org, as_of: date, prefix: str = "") -> list[IndicatorValue]:
    """Compute every indicator (or those whose name starts with `prefix`)."""
    return [compute(i.name, org, as_of) for i in all_indicators() if i.name.startswith(prefix)]
