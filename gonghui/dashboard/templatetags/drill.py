"""{% drill_url name org as_of %}: the records behind a figure (for the comparison table)."""

from __future__ import annotations

from datetime import date

from django import template

from gonghui.dashboard import drill
from gonghui.orgs.models import Org

register = template.Library()


@register.simple_tag
def drill_url(name: str, org: Org, as_of: date) -> str:
    """The drill-down of the figure `name` for the org and date ("" when it has none)."""
    return drill.link(name, org.pk, as_of)
