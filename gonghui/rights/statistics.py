"""Petition statistics (信访统计): cases (件) and person-visits (人次) broken down several ways.

The page costs three queries (and a look-up of county names) whatever the number of petitions. A repeat counts once, with
the first petition it repeats and in that petition's row of each breakdown, so that the rows of
every breakdown add up to the total (the same rule as the `rights.petition_cases` indicator).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Count, F, Q, QuerySet, Sum
from django.db.models.functions import Coalesce

from gonghui.orgs.models import Org
from gonghui.rights.indicators import percent
from gonghui.rights.models import Channel, Matter, Petition
from gonghui.rights.models.petitions import cases_expression


@dataclass(frozen=True)
class Row:
    label: str
    cases: int
    persons: int


def _rows(totals: dict[Any, list[int]], labels: dict[Any, str]) -> list[Row]:
    return [Row(label, *totals.get(key, [0, 0])) for key, label in labels.items()]


@dataclass(frozen=True)
class Statistics:
    start: date
    end: date
    cases: int
    persons: int
    group_cases: int
    group_persons: int
    by_channel: list[Row]
    by_matter: list[Row]
    by_county: list[Row]
    by_month: list[Row]
    by_employer: list[Row]
    decided: int
    decided_on_time: int
    answered: int
    answered_on_time: int
    followed_up: int
    satisfaction_avg: float
    satisfaction: list[tuple[int, int]]

    @property
    def decision_rate(self) -> float:
        return percent(self.decided_on_time, self.decided)

    @property
    def answer_rate(self) -> float:
        return percent(self.answered_on_time, self.answered)


def compute(petitions: QuerySet[Petition], start: date, end: date, as_of: date) -> Statistics:
    """The figures for petitions received between the dates, judged as of `as_of`.

    Two scans whatever the data size, each served by a covering index: one grouped by
    (channel, matter, county, month, group) with the deadline and satisfaction counts, whose
    cells are summed here, and one for the employers; plus the few returns to older cases.
    """
    end = min(end, as_of)
    period = petitions.filter(received_on__gte=start, received_on__lte=end).order_by()
    answer_ok = Q(answered_on__lte=F("answer_due_on")) | Q(
        extended_on__lte=as_of, answered_on__lte=F("final_answer_due_on")
    )
    answered = Q(answered_on__lte=as_of)
    followed = Q(followed_up_on__lte=as_of, satisfaction__isnull=False)
    decided = Q(decided__lte=as_of)
    counts = {
        "decided_n": Count("pk", filter=decided),
        "decided_ok": Count("pk", filter=decided & Q(decided__lte=F("accept_due_on"))),
        "answered_n": Count("pk", filter=answered),
        "answered_ok": Count("pk", filter=answered & answer_ok),
        "followed_n": Count("pk", filter=followed),
        "satisfaction_sum": Sum("satisfaction", filter=followed),
        **{f"s{n}": Count("pk", filter=followed & Q(satisfaction=n)) for n in range(1, 6)},
    }
    cells = (
        period.alias(decided=Coalesce("accepted_on", "declined_on"))
        .values("channel", "matter", "county_id", "received_month", "is_group")
        .annotate(
            n_cases=Count("pk", filter=Q(repeat_of__isnull=True)),
            n_persons=Sum("persons"),
            **counts,
        )
    )
    # Repeats of a case from before the period: the case counts once, in the cell of its
    # first repeat in the period (few rows: this year's returns to last year's cases).
    returns = (
        period.filter(first_received_on__lt=start, repeat_of__isnull=False)
        .values("repeat_of_id", "channel", "matter", "county_id", "received_month", "is_group")
        .order_by("repeat_of_id", "received_on", "pk")
    )
    first_returns: dict[int, dict[str, Any]] = {}
    for row in returns:
        first_returns.setdefault(row["repeat_of_id"], row)
    sums: dict[str, dict[Any, list[int]]] = {
        k: {} for k in ("channel", "matter", "county", "month", "group")
    }
    figures = dict.fromkeys(counts, 0)
    returned = [{**row, "n_cases": 1, "n_persons": 0} for row in first_returns.values()]
    for cell in [*cells, *returned]:
        keys = {
            "channel": cell["channel"],
            "matter": cell["matter"],
            "county": cell["county_id"],
            "month": cell["received_month"],
            "group": cell["is_group"],
        }
        for name, key in keys.items():
            bucket = sums[name].setdefault(key, [0, 0])
            bucket[0] += cell["n_cases"] or 0
            bucket[1] += cell["n_persons"] or 0
        for name in counts:
            figures[name] += cell.get(name) or 0
    county_labels: dict[Any, str] = {
        o.pk: o.display_name
        for o in Org.objects.filter(pk__in=[k for k in sums["county"] if k]).order_by("admin_code")
    }
    if None in sums["county"]:
        county_labels[None] = "市本级"
    months = {m: f"{m // 100}年{m % 100:02d}月" for m in sorted(sums["month"])}
    group = sums["group"].get(True, [0, 0])
    by_employer = [
        Row(r["employer_name"], r["n_cases"], r["n_persons"])
        for r in period.values("employer_name")
        .annotate(n_cases=cases_expression(start), n_persons=Sum("persons"))
        .order_by("-n_persons", "employer_name")[:10]
    ]
    followed_n = figures["followed_n"]
    return Statistics(
        start=start,
        end=end,
        cases=sum(v[0] for v in sums["channel"].values()),
        persons=sum(v[1] for v in sums["channel"].values()),
        group_cases=group[0],
        group_persons=group[1],
        by_channel=_rows(sums["channel"], dict(Channel.choices)),
        by_matter=_rows(sums["matter"], dict(Matter.choices)),
        by_county=_rows(sums["county"], county_labels),
        by_month=_rows(sums["month"], months),
        by_employer=by_employer,
        decided=figures["decided_n"],
        decided_on_time=figures["decided_ok"],
        answered=figures["answered_n"],
        answered_on_time=figures["answered_ok"],
        followed_up=figures["followed_n"],
        satisfaction_avg=round(figures["satisfaction_sum"] / followed_n, 2) if followed_n else 0.0,
        satisfaction=[(n, figures[f"s{n}"]) for n in (5, 4, 3, 2, 1)],
    )
