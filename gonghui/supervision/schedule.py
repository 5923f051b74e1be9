"""The schedule math of supervision (序时进度): pure functions, no Django, no database.

Expected progress as of a date comes from a plan: a straight line from start to deadline, a
milestone plan (weighted due dates) or a monthly curve (12 cumulative shares for seasonal
work). The status compares actual with expected (DOMAIN.md, "Schedule"):

- done: the work is complete (shown as done, never as behind);
- not started: the as-of date is before the start;
- overdue: past the deadline and not done;
- behind: more than the tolerance (default 10 points) below expected;
- lagging: below expected, within the tolerance;
- on track: at or ahead of expected.

Colours as supervision offices use them: green = at or ahead of schedule; amber = below
schedule, or due within 7 days and not done; red = overdue, or more than the tolerance behind.
Progress values are fractions in [0, 1]; gaps are in percentage points.
"""

from __future__ import annotations

import calendar
import math
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from typing import Protocol

DEFAULT_TOLERANCE = 10.0  # points behind expected before "lagging" becomes "behind"
DUE_SOON_DAYS = 7  # "due within 7 days and not done" shows amber
DEFAULT_REPORT_DUE_DAY = 5  # 一季一报: due by the 5th of the month after the quarter


class Status(StrEnum):
    NOT_STARTED = "not_started"
    ON_TRACK = "on_track"
    LAGGING = "lagging"
    BEHIND = "behind"
    OVERDUE = "overdue"
    DONE = "done"


STATUS_LABELS: dict[Status, str] = {
    Status.NOT_STARTED: "未开始",
    Status.ON_TRACK: "按序时推进",
    Status.LAGGING: "略有滞后",
    Status.BEHIND: "进度滞后",
    Status.OVERDUE: "逾期未完成",
    Status.DONE: "已完成",
}

# Worst first: ranking and "the worst status of a task" use this order.
STATUS_SEVERITY: dict[Status, int] = {
    Status.OVERDUE: 0,
    Status.BEHIND: 1,
    Status.LAGGING: 2,
    Status.NOT_STARTED: 3,
    Status.ON_TRACK: 4,
    Status.DONE: 5,
}


class Colour(StrEnum):
    GREEN = "green"
    AMBER = "amber"
    RED = "red"
    DONE = "done"  # "Done is shown as done"


COLOUR_LABELS: dict[Colour, str] = {
    Colour.GREEN: "绿灯",
    Colour.AMBER: "黄灯",
    Colour.RED: "红灯",
    Colour.DONE: "已完成",
}


def clamp01(value: float) -> float:
    """The value limited to [0, 1] (NaN counts as 0)."""
    if math.isnan(value):
        return 0.0
    return min(1.0, max(0.0, value))


# --- Plans: what progress elapsed time calls for -------------------------------------------


class Plan(Protocol):
    """Anything that says what share of the work should be done by a date."""

    def expected(self, as_of: date) -> float: ...


@dataclass(frozen=True)
class StraightLine:
    """Half the time, half the work: clamp((as_of − start) / (deadline − start), 0, 1)."""

    start: date
    deadline: date

    def expected(self, as_of: date) -> float:
        if as_of < self.start:
            return 0.0
        span = (self.deadline - self.start).days
        if span <= 0:
            return 1.0
        return clamp01((as_of - self.start).days / span)


@dataclass(frozen=True)
class PlannedMilestone:
    """A step of a milestone plan: due by a date, worth a weight."""

    due_on: date
    weight: float = 1.0


@dataclass(frozen=True)
class MilestonePlan:
    """Expected = the weight of the milestones due on or before the date ÷ the total weight."""

    milestones: tuple[PlannedMilestone, ...]

    def expected(self, as_of: date) -> float:
        total = sum(max(0.0, m.weight) for m in self.milestones)
        if total <= 0:
            return 0.0
        due = sum(max(0.0, m.weight) for m in self.milestones if m.due_on <= as_of)
        return clamp01(due / total)


@dataclass(frozen=True)
class MonthlyCurve:
    """Seasonal work: 12 cumulative shares, the share due by the end of each month of `year`.

    Within a month the share grows linearly by day; before the start nothing is due, from the
    deadline on everything is. Months after `year` keep December's share.
    """

    year: int
    shares: tuple[float, ...]
    start: date
    deadline: date

    def __post_init__(self) -> None:
        validate_curve(self.shares)

    def expected(self, as_of: date) -> float:
        if as_of < self.start:
            return 0.0
        if as_of >= self.deadline:
            return 1.0
        if as_of.year < self.year:
            return 0.0
        if as_of.year > self.year:
            return clamp01(self.shares[-1])
        month = as_of.month
        before = self.shares[month - 2] if month > 1 else 0.0
        after = self.shares[month - 1]
        days = calendar.monthrange(as_of.year, month)[1]
        return clamp01(before + (after - before) * as_of.day / days)


@dataclass(frozen=True)
class Fixed:
    """An expectation already computed (a task's: the mean of its units' expectations)."""

    value: float

    def expected(self, as_of: date) -> float:
        return clamp01(self.value)


class CurveError(ValueError):
    """A monthly curve that is not 12 non-decreasing shares between 0 and 1."""


def validate_curve(shares: Sequence[float]) -> tuple[float, ...]:
    """Check a monthly curve: 12 cumulative shares in [0, 1], never decreasing."""
    values = tuple(float(s) for s in shares)
    if len(values) != 12:
        raise CurveError(f"月度进度曲线应有12个累计比例，实为{len(values)}个")
    previous = 0.0
    for month, value in enumerate(values, start=1):
        if math.isnan(value) or not 0.0 <= value <= 1.0:
            raise CurveError(f"{month}月的累计比例应在0到1之间")
        if value < previous:
            raise CurveError(f"{month}月的累计比例小于上月，累计比例不能下降")
        previous = value
    return values


def make_plan(
    start: date,
    deadline: date,
    *,
    milestones: Iterable[PlannedMilestone] = (),
    curve: Sequence[float] | None = None,
) -> Plan:
    """The plan a task uses: milestones when it has some, else the curve, else a straight line."""
    steps = tuple(milestones)
    if steps:
        return MilestonePlan(steps)
    if curve:
        return MonthlyCurve(start.year, validate_curve(curve), start, deadline)
    return StraightLine(start, deadline)


# --- Actual progress ------------------------------------------------------------------------


@dataclass(frozen=True)
class ProgressReport:
    """A stated progress (a report) on a date; `progress` is a fraction."""

    on: date
    progress: float


def progress_from_reports(reports: Iterable[ProgressReport], as_of: date) -> float | None:
    """The latest stated progress on or before the date (None when nothing was stated yet).

    Two reports on the same day: the higher counts, so the result never depends on the order.
    """
    best: ProgressReport | None = None
    for report in reports:
        if report.on > as_of:
            continue
        if best is None or (report.on, report.progress) > (best.on, best.progress):
            best = report
    return None if best is None else clamp01(best.progress)


@dataclass(frozen=True)
class DoneMilestone:
    """A milestone as carried out: its weight and the day it was done (None: not yet)."""

    weight: float
    done_on: date | None


def progress_from_milestones(milestones: Iterable[DoneMilestone], as_of: date) -> float | None:
    """The weight of milestones done by the date ÷ the total weight (None without milestones)."""
    items = list(milestones)
    total = sum(max(0.0, m.weight) for m in items)
    if not items or total <= 0:
        return None
    done = sum(max(0.0, m.weight) for m in items if m.done_on is not None and m.done_on <= as_of)
    return clamp01(done / total)


def progress_from_quantity(value: float | None, target: float | None) -> float | None:
    """A quantity against its target (e.g. re-elections completed ÷ 120)."""
    if value is None or target is None or target <= 0:
        return None
    return clamp01(float(value) / float(target))


def roll_up(parts: Iterable[tuple[float, float]]) -> float | None:
    """Weighted mean of (weight, progress) pairs: a task's figure from its sub-tasks."""
    pairs = [(max(0.0, w), clamp01(p)) for w, p in parts]
    total = sum(w for w, _ in pairs)
    if total <= 0:
        return None
    return clamp01(sum(w * p for w, p in pairs) / total)


# --- Status ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Assessment:
    """Where a piece of work stands as of a date."""

    expected: float
    actual: float
    gap: float  # points: (actual − expected) × 100
    status: Status
    colour: Colour
    due_soon: bool

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]

    @property
    def colour_label(self) -> str:
        return COLOUR_LABELS[self.colour]

    @property
    def expected_pct(self) -> float:
        return round(self.expected * 100, 1)

    @property
    def actual_pct(self) -> float:
        return round(self.actual * 100, 1)


def gap_points(actual: float, expected: float) -> float:
    """Completion % − expected %, rounded to a tenth of a point."""
    return round((clamp01(actual) - clamp01(expected)) * 100, 1)


def assess(
    plan: Plan,
    actual: float | None,
    as_of: date,
    *,
    start: date,
    deadline: date,
    done: bool | None = None,
    tolerance: float = DEFAULT_TOLERANCE,
    due_soon_days: int = DUE_SOON_DAYS,
) -> Assessment:
    """Status, colour and gap of work with `actual` progress against the plan on `as_of`.

    `done` defaults to "actual is complete"; a caller that wants completion confirmed (a report
    accepted) passes it explicitly.
    """
    value = clamp01(actual or 0.0)
    is_done = value >= 1.0 if done is None else done
    expected = clamp01(plan.expected(as_of))
    gap = gap_points(1.0 if is_done else value, expected)
    due_soon = not is_done and as_of <= deadline and (deadline - as_of) <= timedelta(due_soon_days)
    if is_done:
        return Assessment(expected, 1.0, gap, Status.DONE, Colour.DONE, False)
    if as_of > deadline:
        status = Status.OVERDUE
    elif as_of < start:
        status = Status.NOT_STARTED
    elif gap < -tolerance:
        status = Status.BEHIND
    elif gap < 0:
        status = Status.LAGGING
    else:
        status = Status.ON_TRACK
    return Assessment(expected, value, gap, status, colour_for(status, due_soon), due_soon)


def colour_for(status: Status, due_soon: bool) -> Colour:
    """The light for a status: red overdue/behind, amber below schedule or due soon, else green."""
    if status is Status.DONE:
        return Colour.DONE
    if status in (Status.OVERDUE, Status.BEHIND):
        return Colour.RED
    if status is Status.LAGGING or due_soon:
        return Colour.AMBER
    return Colour.GREEN


def is_behind(status: Status) -> bool:
    """Behind the time line in the league-table sense: behind or overdue."""
    return status in (Status.BEHIND, Status.OVERDUE)


# --- Units: ranking and spread (快慢不均) ----------------------------------------------------


@dataclass(frozen=True)
class Ranked:
    """A unit's place: competition ranking (1, 2, 2, 4) by a score, higher first."""

    key: Hashable
    score: float
    rank: int


def rank(scores: Mapping[Hashable, float], *, higher_is_better: bool = True) -> list[Ranked]:
    """Rank units by score; equal scores share a place; ties listed in key order (stable)."""
    sign = -1.0 if higher_is_better else 1.0
    ordered = sorted(scores.items(), key=lambda kv: (sign * kv[1], str(kv[0])))
    result: list[Ranked] = []
    for position, (key, score) in enumerate(ordered, start=1):
        if result and result[-1].score == score:
            result.append(Ranked(key, score, result[-1].rank))
        else:
            result.append(Ranked(key, score, position))
    return result


@dataclass(frozen=True)
class Spread:
    """How far apart units are: the range (max − min) and the standard deviation, in points."""

    count: int
    minimum: float
    maximum: float
    range: float
    stdev: float
    mean: float


def spread(values: Iterable[float]) -> Spread:
    """Range and population standard deviation of units' gaps (or any per-unit figure)."""
    items = [float(v) for v in values]
    if not items:
        return Spread(0, 0.0, 0.0, 0.0, 0.0, 0.0)
    mean = sum(items) / len(items)
    variance = sum((v - mean) ** 2 for v in items) / len(items)
    lo, hi = min(items), max(items)
    return Spread(
        len(items),
        round(lo, 1),
        round(hi, 1),
        round(hi - lo, 1),
        round(math.sqrt(variance), 1),
        round(mean, 1),
    )


# --- Quarters (一季一报) ----------------------------------------------------------------------


def quarter_of(day: date) -> tuple[int, int]:
    """(year, quarter) of a date."""
    return day.year, (day.month - 1) // 3 + 1


def quarter_start(year: int, quarter: int) -> date:
    return date(year, 3 * quarter - 2, 1)


def quarter_end(year: int, quarter: int) -> date:
    month = 3 * quarter
    return date(year, month, calendar.monthrange(year, month)[1])


def next_quarter(year: int, quarter: int) -> tuple[int, int]:
    return (year + 1, 1) if quarter == 4 else (year, quarter + 1)


def previous_quarter(year: int, quarter: int) -> tuple[int, int]:
    return (year - 1, 4) if quarter == 1 else (year, quarter - 1)


def report_due(year: int, quarter: int, due_day: int = DEFAULT_REPORT_DUE_DAY) -> date:
    """The day a quarter's report is due: the `due_day`-th of the month after the quarter."""
    after = quarter_end(year, quarter) + timedelta(days=1)
    last = calendar.monthrange(after.year, after.month)[1]
    return after.replace(day=min(max(1, due_day), last))


def quarters_between(start: date, end: date) -> list[tuple[int, int]]:
    """Every (year, quarter) from the one holding `start` to the one holding `end`."""
    if end < start:
        return []
    current, last = quarter_of(start), quarter_of(end)
    result = [current]
    while current != last:
        current = next_quarter(*current)
        result.append(current)
    return result


def on_time_rate(due: Iterable[tuple[date, date | None]], as_of: date) -> float | None:
    """Share of reports due by `as_of` that were submitted by their due day.

    Each item is (due day, first submitted on or None). None when nothing was due yet.
    """
    counted = on_time = 0
    for due_on, submitted_on in due:
        if due_on > as_of:
            continue
        counted += 1
        if submitted_on is not None and submitted_on <= due_on:
            on_time += 1
    return None if counted == 0 else on_time / counted
