"""On the demo: the county table's rows plus 本级 make 合计 for every additive figure, before
and after a merge; a merge leaves every earlier figure as it was (ARCHITECTURE: the tree is
dated; 本级 is a row). The demo is the session's (`demo`), each test rolled back."""

import io
from datetime import date

import pytest
from django.core.management import call_command

from gonghui.conftest import client_for
from gonghui.core import indicators
from gonghui.dashboard import collect
from gonghui.orgs.models import Org, User
from gonghui.testing import Demo

MID_YEAR, AFTER_MERGE = date(2018, 6, 30), date(2021, 12, 31)
MERGED_ON = date(2021, 6, 1)


def _additive() -> list[str]:
    return [i.name for i in indicators.all_indicators() if collect.additive(i.name)]


def _merge() -> None:
    call_command("merge_org", "350402", "--into", "350403", "--on", "2021-06-01")


def _check_rows_add_up(city: Org, day: date) -> list[Org]:
    names = _additive()
    totals = [indicators.compute(n, city, day) for n in names]
    table = collect.comparison_table(city, day, names)
    own = collect.own_row(city, totals, table)
    over = []
    for index, total in enumerate(totals):
        rows = sum(values[index].value for _, values in table)
        mine = own[index]
        assert mine is not None
        assert rows + mine.value == total.value, total.name
        # The rows never hold more than the whole (a merged unit counted twice would).
        if mine.value < 0:
            over.append((total.name, rows, total.value))
    assert not over, (day, over)
    return [unit for unit, _ in table]


@pytest.mark.django_db
def test_rows_and_the_citys_own_row_add_up_to_the_total_before_and_after_a_merge(
    demo: Demo,
) -> None:
    _merge()
    city = Org.objects.get(admin_code="350400")
    before = _check_rows_add_up(city, MID_YEAR)
    after = _check_rows_add_up(city, AFTER_MERGE)
    codes_before = {u.admin_code for u in before}
    codes_after = {u.admin_code for u in after}
    assert {"350402", "350403"} <= codes_before  # 梅列 keeps its row before the merge
    assert "350402" not in codes_after and "350403" in codes_after


@pytest.mark.django_db
def test_the_citys_own_reform_tasks_are_a_row_of_the_dashboard_table(demo: Demo) -> None:
    superuser = User.objects.create_superuser("root-own-row", password="x")
    city = Org.objects.get(admin_code="350400")
    page = client_for(superuser).get(f"/dashboard/?org={city.pk}&as_of=2018-06-30")
    body = page.content.decode()
    assert page.status_code == 200 and 'data-testid="own-row"' in body and "市总本级" in body
    done = indicators.compute("supervision.reform_tasks_done", city, MID_YEAR).value
    table = collect.comparison_table(city, MID_YEAR, ["supervision.reform_tasks_done"])
    rows = sum(values[0].value for _, values in table)
    own = collect.own_row(
        city, [indicators.compute("supervision.reform_tasks_done", city, MID_YEAR)], table
    )
    assert own[0] is not None and own[0].value == done - rows == 19


@pytest.mark.django_db
def test_a_merge_on_the_demo_keeps_earlier_figures_and_rolls_up_later_ones(demo: Demo) -> None:
    meilie = Org.objects.get(admin_code="350402")
    sanyuan = Org.objects.get(admin_code="350403")
    city = Org.objects.get(admin_code="350400")
    everything = [i.name for i in indicators.all_indicators()]

    def figures(org: Org, day: date, names: list[str]) -> dict[str, object]:
        org = Org.objects.get(pk=org.pk)
        return {n: indicators.compute(n, org, day).value for n in names}

    mid_year = {o.pk: figures(o, MID_YEAR, everything) for o in (city, meilie, sanyuan)}
    additive = _additive()
    later = {o.pk: figures(o, AFTER_MERGE, additive) for o in (meilie, sanyuan)}

    _merge()

    for org in (city, meilie, sanyuan):
        assert figures(org, MID_YEAR, everything) == mid_year[org.pk], org.name
    carried = figures(sanyuan, AFTER_MERGE, additive)
    apart = {n: later[meilie.pk][n] + later[sanyuan.pk][n] for n in additive}
    differ = {n: apart[n] - carried[n] for n in additive if carried[n] != apart[n]}
    # Two figures count the county union itself (its own term overdue, the county compliant):
    # after the merge 梅列's county union is gone, so 三元 carries one less than the two apart.
    assert differ == {
        "unions.reelections_overdue": 1,
        "unions.front_line_share_compliant_counties": 1,
    }


@pytest.mark.django_db
def test_a_jianning_township_moved_to_taining_goes_with_its_records_on_the_demo(demo: Demo) -> None:
    from gonghui.api.models import ApiToken
    from gonghui.hardship.models import Household

    jianning = Org.objects.get(admin_code="350430")
    taining = Org.objects.get(admin_code="350429")
    household = (
        Household.objects.filter(org__path__startswith=jianning.path, archived_on__isnull=False)
        .exclude(org=jianning)
        .select_related("org")
        .order_by("pk")
        .first()
    )
    assert household is not None
    org = household.org
    town = next(o for o in [*org.ancestors(), org] if o.level == "township")
    name, year_end = "hardship.archived_households", date(2018, 12, 31)
    before = {o.pk: indicators.compute(name, o, MID_YEAR).value for o in (jianning, taining)}
    moved = indicators.compute(name, town, year_end).value
    late = {o.pk: indicators.compute(name, o, year_end).value for o in (jianning, taining)}
    assert moved > 0

    call_command("move_org", str(town.pk), "--to", "350429", "--on", "2018-07-01")

    officers = {o: User.objects.get(username=o) for o in ("jianning", "taining")}
    for url in (f"/hardship/{household.pk}/", f"/orgs/{town.pk}/"):
        assert client_for(officers["jianning"]).get(url).status_code == 404, url
        assert client_for(officers["taining"]).get(url).status_code == 200, url
    for who, expected in (("jianning", 404), ("taining", 200)):
        token = ApiToken.issue(officers[who], "测试")[1]
        answer = client_for(None).get(
            f"/api/v1/hardship/households/{household.pk}", HTTP_AUTHORIZATION=f"Bearer {token}"
        )
        assert answer.status_code == expected, who
    jianning, taining = (Org.objects.get(pk=o.pk) for o in (jianning, taining))
    # Figures before the move are those of the tree of their day; from it on, 泰宁 carries
    # the township's households, in its figure and in the records export.
    assert {o.pk: indicators.compute(name, o, MID_YEAR).value for o in (jianning, taining)} == (
        before
    )
    assert indicators.compute(name, jianning, year_end).value == late[jianning.pk] - moved
    assert indicators.compute(name, taining, year_end).value == late[taining.pk] + moved
    export = f"/dashboard/records/{name}/export.xlsx?org={taining.pk}&as_of=2018-12-31"
    sheet = client_for(officers["taining"]).get(export)
    assert sheet.status_code == 200 and _rows(sheet.content) == late[taining.pk] + moved


def _rows(content: bytes) -> int:
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(content), read_only=True)
    return sum(1 for _ in book.worksheets[0].iter_rows(min_row=2, values_only=True))
