import io
from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from gonghui.conftest import client_for, make_user, staff_actor
from gonghui.core.models import AuditEntry, BackgroundJob
from gonghui.core.spreadsheets import write_xlsx
from gonghui.hardship import actions
from gonghui.hardship.imports import TEMPLATE_HEADERS
from gonghui.hardship.models import Household, Person
from gonghui.hardship.tests.conftest import archived, make_id, survey
from gonghui.orgs.models import Role

pytestmark = pytest.mark.usefixtures("standards")
AS_OF = {"as_of": "2018-06-30"}


def test_the_archive_list_shows_open_archives_of_the_users_county_only(
    tree, jianning_officer
) -> None:
    mine = archived(tree.jianning_union)
    theirs = archived(tree.taining_union)
    response = client_for(jianning_officer).get(reverse("hardship:archive_list"), AS_OF)
    body = response.content.decode()
    assert reverse("hardship:household_detail", args=[mine.pk]) in body
    assert reverse("hardship:household_detail", args=[theirs.pk]) not in body
    assert mine.head_id_masked in body


def test_the_archive_list_filters_by_level_and_status(tree, city_officer) -> None:
    national = archived(tree.jianning_union, level="national")
    local = archived(tree.taining_union, level="grassroots")
    actions.lift_household(staff_actor(), local, date(2018, 1, 5))
    client = client_for(city_officer)
    url = reverse("hardship:archive_list")
    page = client.get(url, {**AS_OF, "level": "local", "status": "all"}).content.decode()
    assert f"/hardship/{local.pk}/" in page and f"/hardship/{national.pk}/" not in page
    page = client.get(url, {**AS_OF, "status": "lifted"}).content.decode()
    assert f"/hardship/{local.pk}/" in page and f"/hardship/{national.pk}/" not in page
    page = client.get(url, {**AS_OF, "overdue": "1"}).content.decode()
    assert f"/hardship/{national.pk}/" in page  # archived 2017-04-01, never reviewed


def test_the_archive_list_query_count_does_not_grow_with_rows(
    tree, city_officer, django_assert_max_num_queries
) -> None:
    for _ in range(3):
        archived(tree.jianning_union)
    client = client_for(city_officer)
    url = reverse("hardship:archive_list")
    with django_assert_max_num_queries(12) as few:
        client.get(url, AS_OF)
    for _ in range(12):
        archived(tree.taining_union)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url, AS_OF)
    assert response.content.decode().count('data-testid="household-row"') == 15


def test_archive_review_lift_by_hand(tree, jianning_officer) -> None:
    client = client_for(jianning_officer)
    household = survey(tree.jianning_union, surveyed_on=date(2017, 2, 1))
    detail = reverse("hardship:household_detail", args=[household.pk])
    response = client.post(
        reverse("hardship:archive", args=[household.pk]),
        {"archived_on": "2017-03-01", "level": "county", "version": household.version},
    )
    assert response.status_code == 302 and response.url == detail
    household.refresh_from_db()
    assert household.archived_on == date(2017, 3, 1)

    form = {
        "reviewed_on": "2018-02-20",
        "other_yearly_income": "0",
        "rigid_expenses": "0",
        "accident_losses": "0",
        "decision": "keep",
        "version": household.version,
    }
    for person in household.members.all():
        form[f"income_{person.pk}"] = "700"
    response = client.post(reverse("hardship:review", args=[household.pk]), form)
    assert response.status_code == 302
    household.refresh_from_db()
    assert household.last_reviewed_on == date(2018, 2, 20)
    assert household.per_capita_income == Decimal("700.00")

    response = client.post(
        reverse("hardship:lift", args=[household.pk]),
        {"closed_on": "2018-05-01", "note": "子女就业，收入稳定", "version": household.version},
    )
    assert response.status_code == 302
    page = client.get(detail).content.decode()
    assert "已解困脱困" in page
    assert 'data-kind="review"' in page and 'data-kind="lifted"' in page


def test_a_stale_form_gets_the_conflict_message(tree, jianning_officer) -> None:
    household = archived(tree.jianning_union)
    client = client_for(jianning_officer)
    stale = household.version
    actions.record_assistance(
        staff_actor(), household, kind="living", amount=Decimal(100), given_on=date(2017, 5, 1)
    )
    actions.lift_household(staff_actor(), household, date(2018, 1, 5))
    household.refresh_from_db()
    response = client.post(
        reverse("hardship:archive", args=[household.pk]),
        {"archived_on": "2017-03-01", "level": "county", "version": stale},
        follow=True,
    )
    assert "已出档" in response.content.decode()


def test_taining_is_told_which_county_holds_the_person(tree, taining_officer) -> None:
    shared = make_id()
    archived(tree.jianning_union, head_id=shared)
    other = survey(tree.taining_union, head_id=shared)
    response = client_for(taining_officer).post(
        reverse("hardship:archive", args=[other.pk]),
        {"archived_on": "2017-05-01", "level": "county", "version": other.version},
        follow=True,
    )
    body = response.content.decode()
    assert "已在建宁县总工会的困难职工档案中" in body
    assert shared not in body


def test_household_detail_masks_id_numbers(tree, jianning_officer) -> None:
    head = make_id()
    household = archived(tree.jianning_union, head_id=head)
    body = (
        client_for(jianning_officer)
        .get(reverse("hardship:household_detail", args=[household.pk]))
        .content.decode()
    )
    assert head not in body
    assert head[:6] + "********" + head[-4:] in body
    assert "查看完整身份证号" not in body  # not permitted


def test_a_permitted_user_sees_a_full_id_with_a_reason_and_it_is_logged(tree) -> None:
    head = make_id()
    household = archived(tree.jianning_union, head_id=head)
    person = household.members.get(relationship="self")
    viewer = make_user("auditor", tree.city, Role.OFFICER, may_reveal_ids=True)
    client = client_for(viewer)
    url = reverse("hardship:reveal", args=[person.pk])
    assert head not in client.post(url, {"reason": ""}).content.decode()
    response = client.post(url, {"reason": "核对银行账户"})
    assert head in response.content.decode()
    entry = AuditEntry.objects.filter(action="personal.id_revealed").get()
    assert entry.detail["reason"] == "核对银行账户"
    assert head not in str(entry.detail)


def test_the_export_masks_ids_for_everyone_even_those_who_may_reveal_them(
    tree, jianning_officer
) -> None:
    head = make_id()
    archived(tree.jianning_union, head_id=head)
    url = reverse("hardship:archive_export")

    def cells(user) -> list:
        content = client_for(user).get(url, AS_OF).content
        sheet = load_workbook(io.BytesIO(content)).active
        return [c.value for row in sheet.iter_rows() for c in row]

    assert head not in cells(jianning_officer)
    assert head[:6] + "********" + head[-4:] in cells(jianning_officer)
    # A plain link is never a full-ID export (see test_export_full_ids.py for the deliberate one).
    viewer = make_user("auditor", tree.city, Role.OFFICER, may_reveal_ids=True, may_export_ids=True)
    assert head not in cells(viewer)
    admin = make_user("root", tree.city, Role.ADMINISTRATOR, is_superuser=True)
    assert head not in cells(admin)


def _sheet(rows: list[list[str]]) -> SimpleUploadedFile:
    content = write_xlsx(TEMPLATE_HEADERS, rows, "档案")
    return SimpleUploadedFile("建宁档案.xlsx", content)


def _row(key: str, relationship: str, name: str, id_number: str, income: str = "600", **kw):
    values = {
        "户编号": key,
        "县（市、区）": "建宁县总工会",
        "所在工会": "",
        "家庭住址": "建宁县濉溪镇",
        "档案级别": "县级档",
        "致困原因": "因病",
        "建档日期": "2018-03-01",
        "家庭年刚性支出": "0",
        "与户主关系": relationship,
        "姓名": name,
        "身份证号": id_number,
        "月收入": income,
        "健康状况": "",
        "就业状况": "",
        **kw,
    }
    return [values[h] for h in TEMPLATE_HEADERS]


def _upload(client, rows, capture):  # type: ignore[no-untyped-def]
    with capture(execute=True):
        response = client.post(reverse("hardship:import_archive"), {"file": _sheet(rows)})
    job = BackgroundJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("job", args=[job.pk])
    return job


def test_a_good_sheet_is_imported_whole_in_the_background(
    tree, jianning_officer, django_capture_on_commit_callbacks
) -> None:
    rows = [
        _row("A1", "本人", "张一", make_id()),
        _row("A1", "子女", "张二", make_id(), "0"),
        _row("B1", "本人", "李一", make_id(), "400"),
    ]
    client = client_for(jianning_officer)
    job = _upload(client, rows, django_capture_on_commit_callbacks)
    assert job.status == "done" and job.result["count"] == 2
    assert Household.objects.filter(archived_on=date(2018, 3, 1)).count() == 2
    assert Person.objects.filter(archive_lock__isnull=False).count() == 3
    assert not job.upload  # the sheet holds ID numbers: deleted once read
    page = client.get(reverse("job", args=[job.pk])).content.decode()
    assert "已导入2户困难职工家庭档案" in page


def test_a_sheet_with_bad_rows_writes_nothing_and_says_where(
    tree, jianning_officer, django_capture_on_commit_callbacks
) -> None:
    good = make_id()
    bad_checksum = good[:-1] + ("0" if good[-1] != "0" else "1")
    in_taining = make_id()
    archived(tree.taining_union, head_id=in_taining)
    before = Household.objects.count()
    rows = [
        _row("A1", "本人", "张一", make_id()),  # row 2: fine
        _row("A1", "子女", "张二", make_id(), "0", 家庭住址="别处"),  # row 3: split household
        _row("B1", "本人", "李一", bad_checksum),  # row 4
        _row("C1", "本人", "王一", in_taining),  # row 5: archived elsewhere
        _row("D1", "本人", "赵一", make_id(), "-5"),  # row 6
        _row("E1", "本人", "钱一", make_id(), 建档日期="2099-01-01"),  # row 7
        _row("F1", "本人", "孙一", make_id(), **{"县（市、区）": "火星县"}),  # row 8
    ]
    client = client_for(jianning_officer)
    job = _upload(client, rows, django_capture_on_commit_callbacks)
    assert job.status == "rejected"
    assert Household.objects.count() == before
    errors = {(e["row"], e["column"]) for e in job.result["errors"]}
    assert {
        (3, "家庭住址"),
        (4, "身份证号"),
        (5, "身份证号"),
        (6, "月收入"),
        (7, "建档日期"),
        (8, "县（市、区）"),
    } <= errors
    assert not any(row == 2 for row, _ in errors)
    assert not job.upload
    body = client.get(reverse("job", args=[job.pk])).content.decode()
    assert "未导入任何数据" in body and "已在泰宁县总工会的困难职工档案中" in body

    report = client.get(reverse("job_download", args=[job.pk]))
    sheet = load_workbook(io.BytesIO(b"".join(report.streaming_content))).active
    id_column = TEMPLATE_HEADERS.index("身份证号") + 1
    assert sheet.cell(row=4, column=id_column).fill.fgColor.rgb.endswith("FFC7CE")
    assert sheet.cell(row=2, column=id_column).fill.fgColor.rgb in (None, "00000000")
    assert "校验位" in sheet.cell(row=4, column=len(TEMPLATE_HEADERS) + 1).value


def test_a_file_that_is_not_a_sheet_is_refused_before_it_is_stored(tree, jianning_officer) -> None:
    upload = SimpleUploadedFile("档案.pdf", b"%PDF-1.4")
    response = client_for(jianning_officer).post(
        reverse("hardship:import_archive"), {"file": upload}
    )
    assert response.status_code == 400
    assert "不是 .xlsx 或 .csv 文件" in response.content.decode()
    assert not BackgroundJob.objects.exists()


def test_the_survey_form_creates_a_household(tree, jianning_officer) -> None:
    form = {
        "county": tree.jianning.pk,
        "union": tree.jianning_union.name,
        "surveyed_on": "2018-03-01",
        "level": "county",
        "causes": ["illness"],
        "other_yearly_income": "0",
        "medical_expenses": "3600",
        "education_expenses": "0",
        "other_expenses": "0",
        "accident_losses": "0",
        "m-TOTAL_FORMS": "6",
        "m-INITIAL_FORMS": "0",
        "m-MIN_NUM_FORMS": "0",
        "m-MAX_NUM_FORMS": "15",
    }
    for i in range(6):
        form.update(
            {
                f"m-{i}-relationship": "self" if i == 0 else "child",
                f"m-{i}-monthly_income": "0",
                f"m-{i}-health": "healthy",
                f"m-{i}-employment": "employed",
            }
        )
    form.update({"m-0-name": "陈明", "m-0-id_number": make_id(), "m-0-monthly_income": "1300"})
    client = client_for(jianning_officer)
    page = client.get(reverse("hardship:survey")).content.decode()
    assert 'id="standards"' in page and "calc-category" in page
    response = client.post(reverse("hardship:survey"), form)
    assert response.status_code == 302, response.content.decode()[:2000]
    household = Household.objects.get()
    # (1300 × 12 − 3600) ÷ 12 ÷ 1 = 1000 < 2 × 540 (2018): relative hardship.
    assert household.per_capita_income == Decimal("1000.00")
    assert household.category == "relative"
    assert household.org == tree.jianning_union


def test_the_review_queue_lists_overdue_households_per_county(
    tree, city_officer, jianning_officer
) -> None:
    overdue = archived(tree.jianning_union, date(2017, 1, 10))
    fresh = archived(tree.taining_union, date(2018, 1, 10))
    body = (
        client_for(city_officer)
        .get(reverse("hardship:review_queue"), {**AS_OF, "status": "overdue"})
        .content.decode()
    )
    assert f"/hardship/{overdue.pk}/" in body and f"/hardship/{fresh.pk}/" not in body
    body = client_for(jianning_officer).get(reverse("hardship:review_queue"), AS_OF)
    assert "泰宁" not in body.content.decode()


def test_the_household_page_and_review_queue_do_not_grow_in_queries(
    tree, city_officer, django_assert_max_num_queries
) -> None:
    household = archived(tree.jianning_union, date(2016, 4, 1))
    client = client_for(city_officer)
    detail = reverse("hardship:household_detail", args=[household.pk])
    queue = reverse("hardship:review_queue")
    with django_assert_max_num_queries(20) as first:
        client.get(detail, AS_OF)
    with django_assert_max_num_queries(20) as first_queue:
        client.get(queue, AS_OF)
    for month in range(1, 11):
        actions.record_assistance(
            staff_actor(),
            household,
            kind="living",
            amount=Decimal(100),
            given_on=date(2017, month, 1),
        )
        archived(tree.taining_union, date(2016, 5, month))
    with django_assert_max_num_queries(len(first.captured_queries)):
        client.get(detail, AS_OF)
    with django_assert_max_num_queries(len(first_queue.captured_queries)):
        response = client.get(queue, AS_OF)
    assert response.content.decode().count("/review/") >= 11
