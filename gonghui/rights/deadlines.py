"""Petition deadlines (信访时限): pure date rules, no database.

DOMAIN.md, "Petitions": decide whether to accept and tell the petitioner within 15 days of
receipt; answer within 60 days of acceptance, extendable once by up to 30 days with a reason;
5 or more people make a group petition (群体访). A step is overdue from the day after its
deadline. The numbers are defaults; each function takes them as keyword arguments because
localities differ.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

ACCEPT_DAYS = 15
ANSWER_DAYS = 60
MAX_EXTENSION_DAYS = 30
GROUP_MIN_PERSONS = 5
REPEAT_WINDOW_DAYS = 90

__all__ = [
    "ACCEPT_DAYS",
    "ANSWER_DAYS",
    "GROUP_MIN_PERSONS",
    "MAX_EXTENSION_DAYS",
    "REPEAT_WINDOW_DAYS",
    "ExtensionError",
    "Step",
    "acceptance_due",
    "answer_due",
    "check_extension",
    "days_left",
    "is_group",
    "is_overdue",
    "on_time",
    "within_repeat_window",
]


class ExtensionError(ValueError):
    """An extension was refused; ``str()`` is a Chinese message."""


def acceptance_due(received_on: date, *, days: int = ACCEPT_DAYS) -> date:
    """The last day to decide whether to accept a petition received on `received_on`."""
    return received_on + timedelta(days=days)


def answer_due(accepted_on: date, extension_days: int = 0, *, days: int = ANSWER_DAYS) -> date:
    """The last day to answer a petition accepted on `accepted_on`, extension included."""
    return accepted_on + timedelta(days=days + extension_days)


def check_extension(
    days: int,
    reason: str,
    *,
    already_extended: bool,
    max_days: int = MAX_EXTENSION_DAYS,
) -> int:
    """Return the extension in days if it may be granted, else raise ExtensionError saying why."""
    if already_extended:
        raise ExtensionError("该信访件已经延期过一次，不能再次延期")
    if days < 1:
        raise ExtensionError("延期天数至少为1天")
    if days > max_days:
        raise ExtensionError(f"延期不能超过{max_days}天（申请{days}天）")
    if not reason.strip():
        raise ExtensionError("延期须说明理由")
    return days


def is_group(persons: int, *, threshold: int = GROUP_MIN_PERSONS) -> bool:
    """True when a petition by `persons` people is a group petition (群体访)."""
    return persons >= threshold


def is_overdue(due_on: date, done_on: date | None, as_of: date) -> bool:
    """True when, as of `as_of`, the step due on `due_on` is not done and its deadline has passed.

    A step done after `as_of` counts as not done yet (figures for a past date see the past).
    """
    done_by_then = done_on is not None and done_on <= as_of
    return not done_by_then and as_of > due_on


def on_time(due_on: date, done_on: date) -> bool:
    """True when a step done on `done_on` met its deadline (the deadline day itself is on time)."""
    return done_on <= due_on


def days_left(due_on: date, as_of: date) -> int:
    """Days from `as_of` to the deadline: 0 on the day itself, negative once overdue."""
    return (due_on - as_of).days


def within_repeat_window(earlier: date, later: date, *, days: int = REPEAT_WINDOW_DAYS) -> bool:
    """True when a petition on `later` repeats one on `earlier` (same employer and matter)."""
    return timedelta(0) <= later - earlier <= timedelta(days=days)


@dataclass(frozen=True)
class Step:
    """One deadline of a petition as of a date, for pages: what is due, when, and whether late."""

    label: str
    due_on: date
    done_on: date | None
    as_of: date

    @property
    def overdue(self) -> bool:
        return is_overdue(self.due_on, self.done_on, self.as_of)

    @property
    def late(self) -> bool:
        """Done, but after the deadline."""
        return (
            self.done_on is not None
            and self.done_on <= self.as_of
            and not on_time(self.due_on, self.done_on)
        )

    @property
    def days_left(self) -> int:
        return days_left(self.due_on, self.as_of)

    @property
    def days_overdue(self) -> int:
        return max(0, -self.days_left)
