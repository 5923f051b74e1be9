"""Pure rules of union terms (届期) and bodies: when a re-election (换届) is due, whether an
election was early or late, the front-line share (一线职工比例). No database access."""

from __future__ import annotations

import calendar
from datetime import date, timedelta

TERM_YEARS = (3, 5)
# An election within this many days before the term's end is on time (换届筹备期); earlier is
# an early election, later a late one — both need the approval of the union one level up.
ON_TIME_WINDOW_DAYS = 183
# The county re-elections of the speech: "于11月底前完成换届工作".
COUNTY_DEADLINE = (11, 30)
# A grassroots union with no dues, no activity and no valid term for this long is dormant.
DORMANT_MONTHS = 12


class Kind:
    FIRST = "first"
    REGULAR = "regular"
    EARLY = "early"
    LATE = "late"

    LABELS = {FIRST: "首次选举", REGULAR: "按期换届", EARLY: "提前换届", LATE: "延期换届"}


def add_years(day: date, years: int) -> date:
    """The same calendar day `years` later (29 February becomes 28 February)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def term_end(elected_on: date, term_years: int) -> date:
    """The day a term elected on `elected_on` ends: the next election is due then."""
    if term_years not in TERM_YEARS:
        raise ValueError("基层工会委员会每届任期为3年或5年")
    return add_years(elected_on, term_years)


def election_kind(previous_due: date | None, elected_on: date) -> str:
    """First, on time, early or late, against the previous term's due date."""
    if previous_due is None:
        return Kind.FIRST
    if elected_on > previous_due:
        return Kind.LATE
    if elected_on < previous_due - timedelta(days=ON_TIME_WINDOW_DAYS):
        return Kind.EARLY
    return Kind.REGULAR


def needs_approval(kind: str) -> bool:
    """Early and late elections need the approval of the union one level up."""
    return kind in (Kind.EARLY, Kind.LATE)


class State:
    DUE = "due"  # due later this year
    OVERDUE = "overdue"  # the term has ended and no new election is recorded
    CURRENT = "current"  # due in a later year

    LABELS = {DUE: "本年应换届", OVERDUE: "逾期未换届", CURRENT: "届期内"}


def reelection_state(due_on: date, as_of: date) -> str:
    """Where a term stands on the date: overdue once its end has passed, due within the year."""
    if due_on < as_of:
        return State.OVERDUE
    if due_on <= date(as_of.year, 12, 31):
        return State.DUE
    return State.CURRENT


def front_line_share(members: int, front_line: int) -> float | None:
    """The share of front-line workers in a body; None for an empty body."""
    if members <= 0:
        return None
    return front_line / members


def meets_front_line(members: int, front_line: int, minimum: float) -> bool:
    """True when the body's front-line share reaches the minimum."""
    value = front_line_share(members, front_line)
    return value is not None and value >= minimum


def months_before(day: date, months: int) -> date:
    """The same day `months` earlier (clamped to the month's end)."""
    total = day.year * 12 + day.month - 1 - months
    year, month = divmod(total, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))
