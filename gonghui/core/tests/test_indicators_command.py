import json
from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from gonghui.orgs.models import Headcount

pytestmark = pytest.mark.django_db


def test_indicators_json_lists_every_figure_computed_from_records(tree) -> None:
    Headcount.objects.create(org=tree.jianning_union, reported_on=date(2018, 1, 1), members=120)
    Headcount.objects.create(org=tree.jianning_union, reported_on=date(2018, 9, 1), members=150)
    out = StringIO()
    call_command("indicators", "--org", "350400", "--as-of", "2018-06-30", "--json", stdout=out)
    rows = {row["name"]: row for row in json.loads(out.getvalue())}
    assert set(rows["orgs.members"]) == {"name", "label", "unit", "value"}
    assert rows["orgs.members"]["value"] == 120  # the September count is not yet true in June
    assert rows["orgs.county_units"]["value"] == 2
    assert rows["orgs.grassroots_units"]["value"] == 2


def test_an_unknown_org_is_a_clear_error(tree) -> None:
    with pytest.raises(CommandError, match="找不到工会组织"):
        call_command("indicators", "--org", "999999")
