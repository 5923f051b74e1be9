"""The rows behind a figure (下钻): its records as table cells, each with its detail page.

An indicator declares `records` (the queryset of exactly the records that make it) and
`columns` (field path, Chinese header); this module turns them into plain rows for the page
and the xlsx export, loading the related rows the columns name in the same query.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from django.core.exceptions import FieldDoesNotExist, ImproperlyConfigured
from django.db import models
from django.urls import NoReverseMatch, reverse

from gonghui.core import indicators
from gonghui.core.indicators import Indicator

# Encrypted or hashed personal data never reaches a page or a file: only masked fields.
SECRET_SUFFIXES = ("_cipher", "_index")
# Detail pages of the record kinds that have one: model label → (URL name, attribute for the pk).
DETAIL_URLS = {
    "hardship.household": ("hardship:household_detail", "pk"),
    "hardship.assistance": ("hardship:household_detail", "household_id"),
    "hardship.educationaidapplication": ("hardship:household_detail", "household_id"),
    "hardship.winterdelivery": ("hardship:household_detail", "household_id"),
    "supervision.task": ("supervision:task", "pk"),
    "supervision.assignment": ("supervision:task", "task_id"),
    "supervision.quarterlyreport": ("supervision:report", "pk"),
    "rights.petition": ("rights:petition_detail", "pk"),
    "rights.lawyershift": ("rights:shift_detail", "pk"),
    "rights.supervisioncommittee": ("org_detail", "union_id"),
    "unions.election": ("unions:union_detail", "org_id"),
    "facilities.constructionproject": ("facilities:project_detail", "pk"),
    "honors.modelworker": ("honors:model_worker", "pk"),
    "honors.modelworkervisit": ("honors:model_worker", "model_worker_id"),
    "honors.competition": ("honors:competition", "pk"),
    "honors.award": ("honors:competition", "competition_id"),
    "matching.flag": ("matching:flag_detail", "pk"),
    "orgs.org": ("org_detail", "pk"),
}


def link(name: str, org_pk: int, as_of: date) -> str:
    """The drill-down of a figure for an org and date; else its module's page; else ""."""
    try:
        ind = indicators.get(name)
    except KeyError:
        return ""
    query = f"?org={org_pk}&as_of={as_of.isoformat()}"
    if ind.records is not None:
        return reverse("dashboard_records", args=[name]) + query
    if ind.records_url:
        try:
            return reverse(ind.records_url) + query
        except NoReverseMatch:
            return ""
    return ""


def columns(ind: Indicator, model: type[models.Model]) -> Sequence[tuple[str, str]]:
    """The indicator's columns (the record itself when it names none); refuses secret fields."""
    chosen = ind.columns or (("", str(model._meta.verbose_name)),)
    for path, _header in chosen:
        if path.endswith(SECRET_SUFFIXES):
            raise ImproperlyConfigured(f"{ind.name}: column {path!r} is not a masked field")
    return chosen


def related_paths(model: type[models.Model], paths: Iterable[str]) -> list[str]:
    """The forward relations the columns pass through (for one select_related)."""
    found: set[str] = set()
    for path in paths:
        current: Any = model
        walked: list[str] = []
        for part in path.split("__") if path else []:
            try:
                field = current._meta.get_field(part)
            except FieldDoesNotExist:
                break  # an annotation, a property: read from the row itself
            if not (field.many_to_one or field.one_to_one) or field.auto_created:
                break
            walked.append(part)
            found.add("__".join(walked))
            current = field.related_model
    return sorted(found)


def cell(obj: models.Model, path: str) -> object:
    """The value at a field path, as shown: choice labels, dates, 是/否, names of related rows."""
    if not path:
        return str(obj)
    *through, last = path.split("__")
    target: Any = obj
    for part in through:
        target = getattr(target, part, None)
        if target is None:
            return ""
    display = getattr(target, f"get_{last}_display", None)
    value = display() if callable(display) else getattr(target, last, "")
    return plain(value)


def plain(value: object) -> object:
    """A value a table cell or a spreadsheet cell can hold."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, time):
        return value.strftime("%H:%M")
    if isinstance(value, int | float | Decimal | str):
        return value
    if isinstance(value, list | tuple):
        return "、".join(str(v) for v in value)
    return str(value)


def detail_url(obj: models.Model) -> str:
    """The record's own page, when its kind has one."""
    getter = getattr(obj, "get_absolute_url", None)
    if callable(getter):
        return str(getter())
    known = DETAIL_URLS.get(obj._meta.label_lower)
    if known is None:
        return ""
    url_name, attribute = known
    pk = getattr(obj, attribute, None)
    return reverse(url_name, args=[pk]) if pk is not None else ""


def rows(
    objects: Iterable[models.Model], chosen: Sequence[tuple[str, str]]
) -> list[dict[str, object]]:
    """Each record as its cells and its detail page."""
    return [
        {"cells": [cell(obj, path) for path, _ in chosen], "url": detail_url(obj)}
        for obj in objects
    ]
