"""The dated tree (ARCHITECTURE: the tree is dated): moves and merges with an effective date,
figures as of any day on the tree of that day, the city's own records, bad input refused."""

from datetime import date

import pytest
from django.conf import settings
from django.contrib.admin.sites import site
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.test import RequestFactory

from gonghui.api.models import ApiToken
from gonghui.conftest import client_for, make_user
from gonghui.core import indicators
from gonghui.core.models import AuditEntry
from gonghui.facilities.models import PointKind, ServicePoint
from gonghui.orgs.models import Headcount, Level, Org, OrgPlacement, Role, User
from gonghui.orgs.scoping import visible_orgs
from gonghui.orgs.tree import merge_org, move_org

pytestmark = pytest.mark.django_db

BEFORE, MOVED_ON, AFTER = date(2019, 12, 31), date(2020, 1, 1), date(2020, 6, 30)


def _point(org: Org, name: str, opened_on: date = date(2015, 1, 1)) -> ServicePoint:
    return ServicePoint.objects.create(
        org=org, kind=PointKind.SERVICE_CENTRE, name=name, place="某地", opened_on=opened_on
    )


def _open_points(org: Org, day: date) -> int:
    return indicators.compute("facilities.service_points_open", org, day).value


def _fresh(org: Org) -> Org:
    return Org.objects.get(pk=org.pk)


# --- moves -------------------------------------------------------------------------------


def test_a_moved_township_and_its_records_belong_to_the_new_county_from_the_move(
    tree, jianning_officer, taining_officer
) -> None:
    point = _point(tree.jianning_union, "濉溪职工服务中心")

    move_org(tree.jianning_town, tree.taining, MOVED_ON)

    # Who may see what now: today's tree.
    assert tree.jianning_union in set(visible_orgs(taining_officer))
    assert tree.jianning_union not in set(visible_orgs(jianning_officer))
    assert point in set(ServicePoint.objects.for_user(taining_officer))
    assert point not in set(ServicePoint.objects.for_user(jianning_officer))
    # The stored county column was rewritten in the move's transaction.
    assert (
        ServicePoint.objects.unscoped(reason="the test reads back").get(pk=point.pk).county_id
        == tree.taining.pk
    )
    assert _fresh(tree.jianning_union).path.startswith(tree.taining.path)


def test_figures_before_a_move_read_the_tree_of_their_day(tree) -> None:
    _point(tree.jianning_union, "濉溪职工服务中心")
    move_org(tree.jianning_town, tree.taining, MOVED_ON)
    jianning, taining = _fresh(tree.jianning), _fresh(tree.taining)

    assert (_open_points(jianning, BEFORE), _open_points(taining, BEFORE)) == (1, 0)
    assert (_open_points(jianning, AFTER), _open_points(taining, AFTER)) == (0, 1)
    assert indicators.compute("orgs.grassroots_units", jianning, BEFORE).value == 1
    assert indicators.compute("orgs.grassroots_units", taining, BEFORE).value == 1
    assert indicators.compute("orgs.grassroots_units", taining, AFTER).value == 2
    # The city's figure does not depend on where its units stand inside it.
    assert _open_points(_fresh(tree.city), BEFORE) == _open_points(_fresh(tree.city), AFTER) == 1


def test_a_move_is_audited_and_keeps_the_old_placement(tree) -> None:
    superuser = User.objects.create_superuser("root", password="x")
    move_org(tree.jianning_town, tree.taining, MOVED_ON, superuser)

    entry = AuditEntry.objects.get(action="org.moved")
    assert entry.actor_id == superuser.pk and entry.detail["on"] == "2020-01-01"
    old = OrgPlacement.objects.get(org=tree.jianning_union)
    assert old.path == tree.jianning_union.path and old.valid_to == MOVED_ON


def test_a_moved_unit_is_a_404_to_its_old_county_in_pages_exports_and_api(
    tree, jianning_officer, taining_officer
) -> None:
    _point(tree.jianning_union, "濉溪职工服务中心")
    move_org(tree.jianning_town, tree.taining, MOVED_ON)
    page = f"/orgs/{tree.jianning_town.pk}/"
    assert client_for(jianning_officer).get(page).status_code == 404
    assert client_for(taining_officer).get(page).status_code == 200

    export = "/dashboard/records/facilities.service_points_open/export.xlsx?as_of=2020-06-30"
    taining_xlsx = client_for(taining_officer).get(f"{export}&org={tree.taining.pk}")
    jianning_xlsx = client_for(jianning_officer).get(f"{export}&org={tree.jianning.pk}")
    assert _xlsx_text(taining_xlsx.content).count("濉溪职工服务中心") == 1
    assert "濉溪职工服务中心" not in _xlsx_text(jianning_xlsx.content)

    def api(user: User) -> int:
        token = ApiToken.issue(user, "测试")[1]
        return (
            client_for(None)
            .get(f"/api/v1/orgs/{tree.jianning_town.pk}", HTTP_AUTHORIZATION=f"Bearer {token}")
            .status_code
        )

    assert (api(jianning_officer), api(taining_officer)) == (404, 200)


def _xlsx_text(content: bytes) -> str:
    from io import BytesIO

    from openpyxl import load_workbook

    book = load_workbook(BytesIO(content), read_only=True)
    return " ".join(str(c) for ws in book for row in ws.iter_rows(values_only=True) for c in row)


# --- merges ------------------------------------------------------------------------------


def _county(city: Org, name: str, code: str, members: int) -> tuple[Org, Org]:
    county = Org.objects.create(name=name, level=Level.COUNTY, parent=city, admin_code=code)
    union = Org.objects.create(name=f"{name}某厂工会", level=Level.GRASSROOTS, parent=county)
    Headcount.objects.create(org=union, reported_on=date(2017, 12, 31), members=members)
    return county, union


def test_a_merge_leaves_the_figures_before_its_date_as_they_were(tree) -> None:
    meilie, meilie_union = _county(tree.city, "梅列区总工会", "350402", 100)
    sanyuan, _ = _county(tree.city, "三元区总工会", "350403", 40)
    _point(meilie_union, "梅列职工服务中心")
    merge_org(meilie, sanyuan, on=date(2021, 6, 1))
    meilie, sanyuan = _fresh(meilie), _fresh(sanyuan)

    before, after = date(2020, 12, 31), date(2021, 12, 31)
    assert indicators.compute("orgs.members", sanyuan, before).value == 40
    assert indicators.compute("orgs.members", meilie, before).value == 100
    assert indicators.compute("orgs.members", sanyuan, after).value == 140
    assert (_open_points(sanyuan, before), _open_points(sanyuan, after)) == (0, 1)
    # The 2020 county rows add up to no more than the city.
    counties = [meilie, sanyuan, tree.jianning, tree.taining]
    rows = sum(indicators.compute("orgs.members", c, before).value for c in counties)
    assert rows <= indicators.compute("orgs.members", tree.city, before).value


def test_a_merge_is_audited_and_the_merged_unit_moves_to_the_successors_officer(tree) -> None:
    meilie, meilie_union = _county(tree.city, "梅列区总工会", "350402", 100)
    sanyuan, _ = _county(tree.city, "三元区总工会", "350403", 40)
    officer = make_user("sanyuan", sanyuan, Role.OFFICER)
    merge_org(meilie, sanyuan, on=date(2021, 6, 1))
    officer.org = _fresh(sanyuan)
    assert meilie_union in set(visible_orgs(officer))
    assert AuditEntry.objects.filter(action="org.merged", object_id=str(meilie.pk)).exists()


# --- the city's own records (本级) ------------------------------------------------------


def test_the_citys_own_records_count_in_the_citys_figures(tree) -> None:
    _point(tree.city, "三明市职工服务中心")
    _point(tree.jianning_union, "建宁职工服务中心")
    direct = Org.objects.create(name="市直某厂工会", level=Level.GRASSROOTS, parent=tree.city)
    _point(direct, "市直某厂职工之家")
    assert _open_points(tree.city, date(2020, 1, 1)) == 3
    assert _open_points(tree.jianning, date(2020, 1, 1)) == 1


# --- bad input -----------------------------------------------------------------------------


def _nothing_written(tree, audits: int) -> None:
    assert not OrgPlacement.objects.exists()
    assert AuditEntry.objects.count() == audits
    assert _fresh(tree.jianning_town).parent_id == tree.jianning.pk
    assert _fresh(tree.jianning).successor_id is None


@pytest.mark.parametrize(
    ("act", "words"),
    [
        (
            lambda t: move_org(t.jianning, t.jianning_town, MOVED_ON),
            ["建宁县总工会", "濉溪镇总工会", "下级"],
        ),
        (lambda t: move_org(t.jianning_union, t.jianning_union, MOVED_ON), ["自己"]),
        (
            lambda t: move_org(t.jianning_union, t.taining_town, date(2009, 12, 31)),
            ["建宁溪源机械有限公司工会委员会", "2010-01-01", "成立"],
        ),
        (
            lambda t: move_org(t.jianning_town, t.taining_union, MOVED_ON),
            ["泰宁金湖旅游有限公司工会委员会", "上级"],
        ),
        (
            lambda t: move_org(t.jianning_town, t.taining, date(2999, 1, 1)),
            ["濉溪镇总工会", "晚于今天"],
        ),
        (
            lambda t: merge_org(t.jianning, t.taining_town, MOVED_ON),
            ["建宁县总工会", "杉城镇总工会", "同级"],
        ),
        (
            lambda t: merge_org(t.jianning, t.jianning_town, MOVED_ON),
            ["濉溪镇总工会", "建宁县总工会"],
        ),
    ],
)
def test_bad_moves_and_merges_are_refused_naming_the_units_and_nothing_is_written(
    tree, act, words
) -> None:
    audits = AuditEntry.objects.count()
    with pytest.raises(ValidationError) as refused:
        act(tree)
    message = "".join(refused.value.messages)
    assert all(word in message for word in words), message
    _nothing_written(tree, audits)


def test_a_unit_with_open_assignments_cannot_be_merged(tree) -> None:
    from gonghui.supervision.models import Area, Assignment, Task, WorkPlan

    plan = WorkPlan.objects.create(org=tree.city, year=2021, title="2021年工作要点")
    area = Area.objects.create(plan=plan, name="改革")
    task = Task.objects.create(
        plan=plan,
        area=area,
        title="推进产业工人队伍建设改革",
        start=date(2021, 1, 1),
        deadline=date(2021, 12, 31),
    )
    Assignment.objects.create(task=task, org=tree.jianning)
    audits = AuditEntry.objects.count()
    with pytest.raises(ValidationError) as refused:
        merge_org(tree.jianning, tree.taining, date(2021, 6, 1))
    message = "".join(refused.value.messages)
    assert "建宁县总工会" in message and "泰宁县总工会" in message
    assert "推进产业工人队伍建设改革" in message
    _nothing_written(tree, audits)
    # After the task's deadline the assignment is no longer open.
    merge_org(tree.jianning, tree.taining, date(2022, 1, 1))


def test_a_move_before_a_later_move_is_refused(tree) -> None:
    move_org(tree.jianning_town, tree.taining, MOVED_ON)
    with pytest.raises(ValidationError) as refused:
        move_org(_fresh(tree.jianning_town), tree.jianning, date(2019, 1, 1))
    assert "濉溪镇总工会" in "".join(refused.value.messages)


# --- commands, pages, admin ----------------------------------------------------------------


def test_the_commands_name_orgs_by_code_or_id(tree) -> None:
    call_command("move_org", str(tree.jianning_town.pk), "--to", "350429", "--on", "2020-01-01")
    assert _fresh(tree.jianning_town).parent_id == tree.taining.pk
    call_command("merge_org", "350430", "--into", str(tree.taining.pk), "--on", "2021-06-01")
    assert _fresh(tree.jianning).successor_id == tree.taining.pk
    with pytest.raises(CommandError, match="同级"):
        call_command("merge_org", "350429", "--into", "350400", "--on", "2021-06-01")
    with pytest.raises(CommandError, match="999999"):
        call_command("move_org", "999999", "--to", "350429", "--on", "2020-01-01")


def test_only_a_superuser_opens_the_tree_pages(tree, city_officer) -> None:
    superuser = User.objects.create_superuser("root", password="x")
    for url in ("/orgs/tree/move/", "/orgs/tree/merge/"):
        assert client_for(city_officer).get(url).status_code == 403
        assert client_for(superuser).get(url).status_code == 200
    refused = client_for(superuser).post(
        "/orgs/tree/move/",
        {"org": "350430", "new_parent": str(tree.jianning_town.pk), "on": "2020-01-01"},
    )
    assert "不能把建宁县总工会移到它自己的下级濉溪镇总工会之下" in refused.content.decode()
    done = client_for(superuser).post(
        "/orgs/tree/move/",
        {"org": str(tree.jianning_town.pk), "new_parent": "350429", "on": "2020-01-01"},
    )
    assert done.status_code == 302
    assert _fresh(tree.jianning_town).parent_id == tree.taining.pk


def test_the_admin_form_cannot_change_a_units_place(tree) -> None:
    request = RequestFactory().get("/")
    request.user = User.objects.create_superuser("root", password="x")
    form = site._registry[Org].get_form(request, tree.jianning_town)
    assert not {"parent", "path", "successor", "succeeded_on"} & set(form.base_fields)
    # A new unit still takes its parent once, when it is set up.
    assert "parent" in site._registry[Org].get_form(request, None).base_fields
    client = client_for(request.user)
    base = f"/{settings.GONGHUI_ADMIN_PATH}/orgs/org"
    assert client.get(f"{base}/{tree.jianning_town.pk}/change/").status_code == 200
    assert client.get(f"{base}/add/").status_code == 200


def test_the_service_points_table_has_a_row_for_the_citys_own(tree, city_officer) -> None:
    _point(tree.city, "三明市职工服务中心")
    _point(tree.jianning_union, "建宁职工服务中心")
    page = client_for(city_officer).get("/facilities/service-points/?as_of=2020-01-01")
    table = page.context["table"]
    assert sorted(total for _, _, total in table) == [0, 1]
    assert page.context["own_row"][1] == 1
    assert "市总本级" in page.content.decode()


def test_a_move_recomputes_the_monthly_dues_totals_of_both_counties(tree) -> None:
    from gonghui.funds.models import DuesMonthTotal
    from gonghui.funds.tests.helpers import receipt

    receipt(tree.jianning_union, date(2019, 3, 1), 500)
    move_org(tree.jianning_town, tree.taining, MOVED_ON)
    totals = {t.county_id: t.amount for t in DuesMonthTotal.objects.all()}
    assert totals == {tree.taining.pk: 500}
