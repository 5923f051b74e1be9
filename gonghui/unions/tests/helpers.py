"""Builders of organization records for the tests."""

from __future__ import annotations

from datetime import date

from gonghui.orgs.models import Org
from gonghui.unions import rules
from gonghui.unions.models import Election


def election(org: Org, elected_on: date, years: int = 5, kind: str = "regular") -> Election:
    """An election straight into the database (the action's checks are tested apart)."""
    record = Election(org=org, elected_on=elected_on, term_years=years, kind=kind)
    record.save()
    assert record.due_on == rules.term_end(elected_on, years)
    return record
