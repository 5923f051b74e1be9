"""The drill-down (下钻): every figure is exactly its records, and the list keeps to the scope."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.db.models import Sum
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from gonghui.conftest import Tree, client_for
from gonghui.core import indicators
from gonghui.core.indicators import Indicator
from gonghui.dashboard import drill
from gonghui.facilities.models import ConstructionProject, ProjectKind, ProjectStage, Stage
from gonghui.hardship.models import EducationAidApplication, Household, MinimumLivingStandard
from gonghui.hardship.tests.conftest import archived, make_id
from gonghui.orgs.models import Org, User
from gonghui.rights.indicators import petition_cases
from gonghui.rights.models import Matter
from gonghui.rights.tests import factories
from gonghui.testing import Demo
from gonghui.unions.models import JointMeeting

pytestmark = pytest.mark.django_db

MID_YEAR = date(2018, 6, 30)
YEAR_END = date(2018, 12, 31)
# Pages: session, user, base template, org, figure, totals, hidden count, rows (13 on the demo)
# and what the records themselves read; assessed tasks and assignments are computed twice (the
# figure and its rows): 69 queries for the demo's city, none of them per row shown.
MAX_PAGE_QUERIES = 25
MAX_ASSESSED_QUERIES = 80
ASSESSED = {
    "supervision.reform_tasks_done",
    "supervision.assignments_behind",
    "supervision.assignments_no_follow_up",
}


def with_records() -> list[Indicator]:
    return [i for i in indicators.all_indicators() if i.records is not None]


def measure(ind: Indicator, org: Org, as_of: date) -> Decimal:
    """What the records add up to: their number, or the sum of the summed field."""
    assert ind.records is not None
    rows = ind.records(org, as_of)
    if ind.records_sum:
        return Decimal(str(rows.order_by().aggregate(t=Sum(ind.records_sum))["t"] or 0))
    return Decimal(rows.count())


def mismatches(orgs: list[Org], days: list[date]) -> list[str]:
    found = []
    for ind in with_records():
        for org in orgs:
            for day in days:
                value = Decimal(str(ind.compute(org, day)))
                if measure(ind, org, day) != value:
                    found.append(f"{ind.name} {org.name} {day}: {value} ≠ {measure(ind, org, day)}")
    return found


def page(client, name: str, org: Org, as_of: date = MID_YEAR, **extra: str):
    query = {"org": org.pk, "as_of": as_of.isoformat(), **extra}
    return client.get(reverse("dashboard_records", args=[name]), query)


def test_every_figure_is_the_count_or_sum_of_its_records_on_the_demo(demo: Demo) -> None:
    city = Org.objects.get(admin_code="350400")
    jianning = Org.objects.get(name="建宁县总工会")
    assert mismatches([city, jianning], [MID_YEAR, YEAR_END]) == []
    assert not [i.name for i in with_records() if i.unit == "%"], "a ratio has no records"

    # The demo leaves these at zero: give them records, then check again.
    paid = EducationAidApplication.objects.filter(year=2018, org__path__startswith=jianning.path)
    paid.filter(pk__in=paid.values("pk")[:3]).update(status="paid", paid_on=date(2018, 6, 1))
    JointMeeting.objects.update_or_create(
        org=jianning,
        year=2018,
        defaults={"preparation_started_on": date(2018, 3, 1), "held_on": date(2018, 5, 8)},
    )
    palace = ConstructionProject.objects.in_org(jianning).filter(kind=ProjectKind.PALACE).first()
    assert palace is not None
    ProjectStage.objects.create(project=palace, stage=Stage.IN_USE, reached_on=date(2018, 5, 1))
    for name in (
        "hardship.education_aid_paid",
        "unions.joint_meetings_held",
        "unions.joint_meetings_prepared",
        "facilities.palaces_in_use",
    ):
        assert indicators.compute(name, jianning, MID_YEAR).value, name
    assert mismatches([city, jianning], [MID_YEAR]) == []

    # Every page states its figure, agrees with it, and reads a bounded number of queries.
    client = client_for(User.objects.get(username="city"))
    for ind in with_records():
        limit = MAX_ASSESSED_QUERIES if ind.name in ASSESSED else MAX_PAGE_QUERIES
        for org in (city, jianning):
            with CaptureQueriesContext(connection) as queries:
                response = page(client, ind.name, org)
            assert len(queries) <= limit, f"{ind.name} {org.name}: {len(queries)} queries"
            assert response.status_code == 200, ind.name
            assert response.context["matches"], ind.name
            assert response.context["hidden"] == 0, ind.name
            assert len(response.context["rows"]) == min(50, response.context["totals"]["count"])
    # The county officer sees every record of the county's figures (city competitions it takes
    # part in included), and none of another county's.
    county = client_for(User.objects.get(username="jianning"))
    for ind in with_records():
        response = page(county, ind.name, jianning)
        assert response.status_code == 200, ind.name
        assert (response.context["matches"], response.context["hidden"]) == (True, 0), ind.name
        export = county.get(
            reverse("dashboard_records_export", args=[ind.name]),
            {"org": jianning.pk, "as_of": MID_YEAR.isoformat()},
        )
        sheet = load_workbook(io.BytesIO(export.content), read_only=True).active
        assert len(list(sheet.rows)) == 1 + response.context["totals"]["count"], ind.name
        assert page(county, ind.name, city).status_code == 404
    text = page(client, "hardship.archived_households", jianning).content.decode()
    assert "建宁 截至2018-06-30 在档困难职工家庭" in text and ">43<" in text


@pytest.fixture
def households(tree: Tree) -> dict[str, list[Household]]:
    """Open archives in 建宁 (3) and 泰宁 (2), the heads named by county."""
    for county in (tree.jianning, tree.taining):
        for year in (2017, 2018):
            MinimumLivingStandard.objects.create(org=county, year=year, monthly_amount=500)
    made: dict[str, list[Household]] = {"建宁": [], "泰宁": []}
    for county, org, n in (("建宁", tree.jianning_union, 3), ("泰宁", tree.taining_union, 2)):
        for i in range(n):
            household = archived(org, head_id=make_id())
            Household.objects.filter(pk=household.pk).update(head_name=f"{county}户主{i}")
            made[county].append(household)
    return made


def test_a_sibling_county_officer_gets_a_404(
    tree: Tree, households: object, taining_officer: User
) -> None:
    client = client_for(taining_officer)
    assert page(client, "hardship.archived_households", tree.jianning).status_code == 404
    export = reverse("dashboard_records_export", args=["hardship.archived_households"])
    assert client.get(export, {"org": tree.jianning.pk}).status_code == 404
    assert page(client, "hardship.archived_households", tree.taining).status_code == 200


def test_an_unknown_figure_or_a_ratio_has_no_records_page(tree: Tree, city_officer: User) -> None:
    client = client_for(city_officer)
    assert page(client, "hardship.no_such_figure", tree.city).status_code == 404
    assert page(client, "rights.on_time_rate", tree.city).status_code == 404
    assert page(client, "funds.dues_growth", tree.city).status_code == 404


def test_a_county_list_shows_its_records_and_never_a_sibling_countys(
    tree: Tree, households: object, city_officer: User, jianning_officer: User
) -> None:
    for user in (city_officer, jianning_officer):
        response = page(client_for(user), "hardship.archived_households", tree.jianning)
        text = response.content.decode()
        assert response.context["value"] == 3
        assert [f"建宁户主{i}" in text for i in range(3)] == [True] * 3
        assert "泰宁户主" not in text
        assert "建宁 截至2018-06-30 在档困难职工家庭" in text
        assert "泰宁户主" not in response.content.decode()
    city = page(client_for(city_officer), "hardship.archived_households", tree.city)
    assert city.context["value"] == city.context["totals"]["count"] == 5


def test_each_row_links_to_its_record_and_the_page_links_to_the_module(
    tree: Tree, households: dict[str, list[Household]], jianning_officer: User
) -> None:
    response = page(client_for(jianning_officer), "hardship.archived_households", tree.jianning)
    text = response.content.decode()
    for household in households["建宁"]:
        assert reverse("hardship:household_detail", args=[household.pk]) in text
    assert reverse("hardship:archive_list") in text


def test_the_export_has_the_same_rows_with_masked_id_numbers(
    tree: Tree, city_officer: User
) -> None:
    for county in (tree.jianning,):
        for year in (2017, 2018):
            MinimumLivingStandard.objects.create(org=county, year=year, monthly_amount=500)
    ids = [make_id() for _ in range(2)]
    for id_number in ids:
        archived(tree.jianning_union, head_id=id_number)
    url = reverse("dashboard_records_export", args=["hardship.archived_households"])
    response = client_for(city_officer).get(url, {"org": tree.jianning.pk, "as_of": "2018-06-30"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    cells = [[str(c.value or "") for c in row] for row in sheet.iter_rows()]
    assert "户主身份证号" in cells[0]
    assert len(cells) == 1 + 2
    column = cells[0].index("户主身份证号")
    masked = sorted(row[column] for row in cells[1:])
    assert masked == sorted(Household.objects.values_list("head_id_masked", flat=True))
    assert all("*" in m for m in masked)
    flat = "".join("".join(row) for row in cells)
    assert not any(i in flat for i in ids)


def test_the_page_reads_the_same_queries_for_5_rows_or_60(
    tree: Tree, city_officer: User, django_assert_max_num_queries
) -> None:
    MinimumLivingStandard.objects.create(org=tree.jianning, year=2017, monthly_amount=500)
    client = client_for(city_officer)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert page(client, "hardship.archived_households", tree.city).status_code == 200
        return len(captured)

    for _ in range(5):
        archived(tree.jianning_union, head_id=make_id())
    few = queries()
    for _ in range(55):
        archived(tree.jianning_union, head_id=make_id())
    with django_assert_max_num_queries(few):
        response = page(client, "hardship.archived_households", tree.city)
    assert len(response.context["rows"]) == 50
    second = page(client, "hardship.archived_households", tree.city, page="2")
    assert len(second.context["rows"]) == 10


def test_petition_cases_list_one_petition_per_case(tree: Tree) -> None:
    first_last_year = factories.petition(
        tree.jianning, received_on=date(2017, 12, 20), id_number=factories.ID_A
    )
    repeats = [
        factories.petition(tree.jianning, received_on=day, id_number=factories.ID_A)
        for day in (date(2018, 1, 5), date(2018, 1, 9))
    ]
    other = {"employer_name": "建宁另一家公司", "matter": Matter.DISMISSAL}
    new = factories.petition(
        tree.jianning, received_on=date(2018, 2, 1), id_number=factories.ID_B, **other
    )
    again = factories.petition(
        tree.jianning, received_on=date(2018, 2, 9), id_number=factories.ID_B, **other
    )
    assert {r.repeat_of for r in repeats} == {first_last_year} and again.repeat_of == new
    ind = indicators.get("rights.petition_cases")
    assert ind.records is not None
    rows = ind.records(tree.jianning, MID_YEAR)
    assert petition_cases(tree.jianning, MID_YEAR) == 2 == rows.count()
    assert set(rows) == {repeats[0], new}
    persons = indicators.get("rights.petition_persons")
    assert (
        measure(persons, tree.city, MID_YEAR)
        == indicators.compute("rights.petition_persons", tree.city, MID_YEAR).value
    )


def test_dashboard_figures_and_cells_link_to_each_units_records(
    tree: Tree, households: object, city_officer: User, jianning_officer: User
) -> None:
    name = "hardship.archived_households"
    for_city = drill.link(name, tree.city.pk, MID_YEAR)
    for_jianning = drill.link(name, tree.jianning.pk, MID_YEAR)
    for_taining = drill.link(name, tree.taining.pk, MID_YEAR)
    assert for_city.startswith(reverse("dashboard_records", args=[name]))
    city = client_for(city_officer)
    text = city.get(reverse("dashboard"), {"as_of": "2018-06-30"}).content.decode()
    for url in (for_city, for_jianning, for_taining):
        assert url.replace("&", "&amp;") in text
    county = client_for(jianning_officer)
    text = county.get(reverse("dashboard"), {"as_of": "2018-06-30"}).content.decode()
    assert for_jianning.replace("&", "&amp;") in text
    assert f"org={tree.taining.pk}&" not in text.replace("&amp;", "&")
    home = city.get(reverse("home")).content.decode()
    assert reverse("dashboard_records", args=[name]) in home


def test_a_figure_without_records_still_links_to_its_module_page() -> None:
    ind = indicators.get("funds.dues_share_of_plan")
    assert ind.records is None and ind.records_url
    assert drill.link(ind.name, 1, MID_YEAR).startswith(reverse(ind.records_url))
    assert drill.link("rights.on_time_rate", 1, MID_YEAR) == ""


def test_no_column_shows_an_encrypted_or_hashed_field() -> None:
    for ind in with_records():
        for path, header in ind.columns:
            assert not path.endswith(drill.SECRET_SUFFIXES), ind.name
            assert header, ind.name
