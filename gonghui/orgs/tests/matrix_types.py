"""Types for the scoping matrix: every route declares, per persona, the status it answers."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

PERSONAS = (
    "city_officer",
    "jianning_officer",
    "taining_officer",
    "chair",
    "lawyer",
    "judge",
    "worker",
    "anonymous",
)

# Pages for staff only: lawyers, judges and workers are refused, the anonymous sent to login.
STAFF_ONLY_403 = {"lawyer": 403, "judge": 403, "worker": 403, "anonymous": 302}


@dataclass(frozen=True)
class Row:
    """A route (by URL name), how to build its URL from the test tree, and the statuses."""

    url_name: str
    build: Callable[[Any], str]
    expect: dict[str, int]
    method: str = "get"
    label: str = ""
    data: dict[str, Any] = field(default_factory=dict)
