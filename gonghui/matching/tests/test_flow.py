"""Upload → map → preview → run → review → confirm/dismiss, through the pages and actions."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from gonghui.conftest import client_for
from gonghui.core.models import AuditEntry
from gonghui.matching import runs
from gonghui.matching.models import ComparisonRun, Flag, FlagState, ReferenceList, RunStatus
from gonghui.matching.tests import factories

HEADERS = ["身份证号", "姓名", "出生日期", "性别", "死亡日期"]


@pytest.fixture(autouse=True)
def _var_dir(settings: Any, tmp_path: Path) -> None:
    settings.VAR_DIR = tmp_path / "var"


@pytest.fixture
def people(tree: Any) -> dict[str, Any]:
    """A 建宁 household (张伟 the head, 刘强 a member) and a 泰宁 one (王芳)."""
    zhang, liu, wang = (
        factories.make_id("350430", date(1970, 3, 5)),
        factories.make_id("350430", date(1980, 6, 6)),
        factories.make_id("350429", date(1975, 1, 9), male=False),
    )
    jianning_home, jianning_people = factories.household(
        tree.jianning_union, tree.jianning, [("张伟", zhang), ("刘强", liu)]
    )
    taining_home, taining_people = factories.household(
        tree.taining_union, tree.taining, [("王芳", wang)]
    )
    return {
        "ids": {"zhang": zhang, "liu": liu, "wang": wang},
        "jianning": jianning_home,
        "taining": taining_home,
        "zhang": jianning_people[0],
        "liu": jianning_people[1],
        "wang": taining_people[0],
    }


def csv_bytes(rows: list[list[str]], encoding: str = "utf-8") -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADERS)
    writer.writerows(rows)
    return buffer.getvalue().encode(encoding)


def death_rows(people: dict[str, Any]) -> list[list[str]]:
    ids = people["ids"]
    return [
        [ids["zhang"], "张伟", "1970-03-05", "男", "2018-04-30"],  # exact, 建宁
        ["", "刘墙", "1980-06-06", "男", "2018-05-02"],  # homophone typo, no ID, 建宁
        [ids["wang"], "王芳", "1975-01-09", "女", "2018-05-03"],  # exact, 泰宁
        [factories.make_id("110101", date(1990, 1, 1)), "赵敏", "1990-01-01", "男", "2018-05-04"],
    ]


def upload(client: Any, content: bytes, name: str = "deaths.csv", kind: str = "deceased") -> Any:
    return client.post(
        reverse("matching:list_index"),
        {
            "kind": kind,
            "title": "2018年5月死亡人员名单",
            "source": "市民政局",
            "file": SimpleUploadedFile(name, content),
        },
    )


def run_list(client: Any, ref: ReferenceList, captured: Any) -> ComparisonRun:
    """Preview then run (the immediate task backend runs it on commit)."""
    mapping = {
        "id": "身份证号",
        "name": "姓名",
        "birth_date": "出生日期",
        "sex": "性别",
        "fact_date": "死亡日期",
    }
    url = reverse("matching:mapping", args=[ref.pk])
    with captured(execute=True):
        response = client.post(url, {**mapping, "action": "run"})
    assert response.status_code == 302, response.content.decode()[:2000]
    return ComparisonRun.objects.get(pk=int(response.url.rstrip("/").split("/")[-1]))


def test_the_city_uploads_maps_previews_and_runs_a_death_list(
    city_officer: Any, people: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    client = client_for(city_officer)
    response = upload(client, csv_bytes(death_rows(people)))
    ref = ReferenceList.objects.get()
    assert response.url == reverse("matching:mapping", args=[ref.pk])
    # The usual Chinese headers are recognised.
    assert ref.column_mapping["id"] == "身份证号" and ref.column_mapping["name"] == "姓名"
    page = client.post(
        reverse("matching:mapping", args=[ref.pk]),
        {"id": "身份证号", "name": "姓名", "birth_date": "出生日期", "action": "preview"},
    )
    text = page.content.decode()
    assert "有效身份证号 <strong>3</strong>" in text
    assert "缺少身份证号 <strong>1</strong>" in text
    assert "<td>有效</td>" in text and "350430********" in text
    run = run_list(client, ref, django_capture_on_commit_callbacks)
    run.refresh_from_db()
    assert run.status == RunStatus.DONE, run.error
    assert run.counts["flags_exact_id"] == 2 and run.counts["flags_fuzzy"] == 1
    flags = {f.person_id: f for f in Flag.objects.all()}
    assert set(flags) == {people["zhang"].pk, people["liu"].pk, people["wang"].pk}
    assert flags[people["liu"].pk].method == "fuzzy"
    assert flags[people["zhang"].pk].evidence["fact_date"] == "2018-04-30"
    assert flags[people["zhang"].pk].implication == "remove_member"
    # The uploaded file is gone; the run is audited with rows and flags.
    ref.refresh_from_db()
    assert ref.file_deleted_at is not None and not Path(ref.file_path).exists()
    entry = AuditEntry.objects.filter(action="matching.run_finished").get()
    assert entry.detail["rows"] == 4 and entry.detail["flags"] == 3
    progress = client.get(reverse("matching:run_progress", args=[run.pk])).content.decode()
    assert 'data-status="done"' in progress and "hx-trigger" not in progress


def test_a_county_runs_a_list_against_its_own_archives_only(
    jianning_officer: Any, people: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    client = client_for(jianning_officer)
    upload(client, csv_bytes(death_rows(people)))
    run = run_list(client, ReferenceList.objects.get(), django_capture_on_commit_callbacks)
    assert run.counts["archive_persons"] == 2
    assert set(Flag.objects.values_list("person_id", flat=True)) == {
        people["zhang"].pk,
        people["liu"].pk,
    }


def test_a_sibling_county_sees_none_of_the_flags(
    taining_officer: Any, jianning_officer: Any, tree: Any
) -> None:
    flag = factories.flag(tree.jianning_union, tree.jianning)
    client = client_for(taining_officer)
    listing = client.get(reverse("matching:flag_list")).content.decode()
    assert flag.person.name not in listing
    assert client.get(reverse("matching:flag_detail", args=[flag.pk])).status_code == 404
    summary = client.get(reverse("matching:summary")).content.decode()
    assert "建宁县总工会" not in summary
    assert (
        "建宁县总工会"
        in client_for(jianning_officer).get(reverse("matching:summary")).content.decode()
    )


def test_a_binary_file_renamed_csv_is_refused_and_nothing_is_written(
    city_officer: Any, tree: Any
) -> None:
    response = upload(client_for(city_officer), b"PK\x03\x04" + bytes(range(256)) * 4)
    assert response.status_code == 200
    assert "不是文本格式的 CSV" in response.content.decode()
    assert not ReferenceList.objects.exists()
    assert not list((runs.upload_dir()).iterdir())


def test_an_unsupported_file_type_is_refused(city_officer: Any, tree: Any) -> None:
    response = upload(client_for(city_officer), b"hello", name="list.doc")
    assert "不支持的文件类型" in response.content.decode()
    assert not ReferenceList.objects.exists()


def test_a_gb18030_csv_is_accepted(
    city_officer: Any, people: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    client = client_for(city_officer)
    upload(client, csv_bytes(death_rows(people), encoding="gb18030"))
    run = run_list(client, ReferenceList.objects.get(), django_capture_on_commit_callbacks)
    assert run.counts["flags_exact_id"] == 2


def test_a_mapping_that_names_a_missing_column_says_which(
    city_officer: Any, people: dict[str, Any]
) -> None:
    client = client_for(city_officer)
    content = "证件号码,姓名\n1,张伟\n".encode()
    upload(client, content)
    ref = ReferenceList.objects.get()
    response = client.post(
        reverse("matching:mapping", args=[ref.pk]), {"name": "姓名", "action": "preview"}
    )
    assert "请至少映射“身份证号”列" in response.content.decode()
    assert not ComparisonRun.objects.exists()


def test_confirm_opens_the_archive_adjustment_prefilled(jianning_officer: Any, tree: Any) -> None:
    flag = factories.flag(tree.jianning_union, tree.jianning)
    response = client_for(jianning_officer).post(
        reverse("matching:flag_confirm", args=[flag.pk]), {"version": flag.version}
    )
    assert response.status_code == 302
    assert response.url.startswith(reverse("hardship:remove", args=[flag.household_id]))
    assert "reason=deceased" in response.url
    flag.refresh_from_db()
    assert flag.state == FlagState.CONFIRMED and flag.decided_on is not None
    assert AuditEntry.objects.filter(action="matching.flag_confirmed").exists()


def test_dismissing_needs_a_reason(jianning_officer: Any, tree: Any) -> None:
    flag = factories.flag(tree.jianning_union, tree.jianning)
    client = client_for(jianning_officer)
    response = client.post(
        reverse("matching:flag_dismiss", args=[flag.pk]),
        {"version": flag.version, "reason": " "},
        follow=True,
    )
    assert "排除疑点须填写理由" in response.content.decode()
    flag.refresh_from_db()
    assert flag.state == FlagState.OPEN


def test_a_stale_form_gets_a_conflict_message(jianning_officer: Any, tree: Any) -> None:
    flag = factories.flag(tree.jianning_union, tree.jianning)
    client = client_for(jianning_officer)
    client.post(
        reverse("matching:flag_dismiss", args=[flag.pk]), {"version": 1, "reason": "非同一人"}
    )
    response = client.post(
        reverse("matching:flag_confirm", args=[flag.pk]), {"version": 1}, follow=True
    )
    assert "已被他人处理或修改" in response.content.decode()
    flag.refresh_from_db()
    assert flag.state == FlagState.DISMISSED


def test_a_dismissed_flag_stays_dismissed_for_the_same_list_but_a_new_list_raises_it(
    city_officer: Any, people: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    client = client_for(city_officer)
    content = csv_bytes(death_rows(people))
    upload(client, content)
    run_list(client, ReferenceList.objects.get(), django_capture_on_commit_callbacks)
    zhang_flag = Flag.objects.get(person=people["zhang"])
    client.post(
        reverse("matching:flag_dismiss", args=[zhang_flag.pk]),
        {"version": zhang_flag.version, "reason": "名单有误，本人健在"},
    )
    # The same content again: nothing new for 张伟, and open flags are not doubled either.
    upload(client, content)
    again = run_list(client, ReferenceList.objects.latest("pk"), django_capture_on_commit_callbacks)
    assert again.counts["flags_written"] == 0 and again.counts["flags_suppressed"] == 3
    # A new list (new content) raises 张伟 again.
    upload(client, csv_bytes([*death_rows(people), ["", "某某", "1950-01-01", "男", ""]]))
    new = run_list(client, ReferenceList.objects.latest("pk"), django_capture_on_commit_callbacks)
    assert new.counts["flags_written"] == 3
    assert Flag.objects.filter(person=people["zhang"], state=FlagState.OPEN).count() == 1


def test_the_flag_list_needs_a_bounded_number_of_queries(
    city_officer: Any, tree: Any, django_assert_max_num_queries: Any
) -> None:
    for name in ("张伟", "李娜", "王芳", "刘强", "陈明"):
        factories.flag(tree.jianning_union, tree.jianning, name=name)
    client = client_for(city_officer)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("matching:flag_list"))
    assert response.content.decode().count("第7行") == 5
    with django_assert_max_num_queries(12):
        client.get(reverse("matching:summary"))
    with django_assert_max_num_queries(12):
        client.get(reverse("matching:list_index"))


def test_the_compare_command_prints_counts_and_stage_times(
    people: dict[str, Any], tmp_path: Path
) -> None:
    path = tmp_path / "deaths.csv"
    path.write_bytes(csv_bytes(death_rows(people)))
    out = io.StringIO()
    call_command(
        "compare",
        str(path),
        "--kind",
        "deceased",
        "--column",
        "fact_date=死亡日期",
        "--org",
        "350430",
        stdout=out,
    )
    text = out.getvalue()
    assert "读取行数：4" in text
    assert "疑点：身份证号精确：1" in text and "疑点：姓名+出生日期模糊：1" in text
    assert "各阶段用时：" in text and "read" in text
    # The command leaves the caller's own file alone.
    assert path.exists()
    assert Flag.objects.count() == 2


def test_the_compare_command_refuses_a_bad_column_spec(
    people: dict[str, Any], tmp_path: Path
) -> None:
    from django.core.management.base import CommandError

    path = tmp_path / "deaths.csv"
    path.write_bytes(csv_bytes(death_rows(people)))
    with pytest.raises(CommandError, match="字段=表头"):
        call_command("compare", str(path), "--kind", "deceased", "--column", "身份证号")


def test_an_engine_crash_marks_the_run_failed_and_deletes_the_file(
    city_officer: Any, people: dict[str, Any], monkeypatch: Any
) -> None:
    from gonghui.matching import actions, engine

    client = client_for(city_officer)
    upload(client, csv_bytes(death_rows(people)))
    ref = ReferenceList.objects.get()
    actions.map_columns(city_officer, ref, {"id": "身份证号"})

    def crash(*args: Any, **kwargs: Any) -> None:
        raise MemoryError("内存不足")

    monkeypatch.setattr(engine, "run", crash)
    run = ComparisonRun.objects.create(reference_list=ref, org=ref.org, as_of=date(2018, 6, 30))
    with pytest.raises(MemoryError):
        runs.execute(run)
    run.refresh_from_db()
    assert run.status == RunStatus.FAILED and "内存不足" in run.error
    assert not Path(ref.file_path).exists()
    assert AuditEntry.objects.filter(action="matching.run_failed").exists()


@pytest.mark.django_db(transaction=True)
def test_outside_a_transaction_the_archive_is_fetched_while_the_list_is_read(
    people: dict[str, Any], tmp_path: Path
) -> None:
    # As in production (the worker, the command): the archive comes from a thread of its own,
    # on its own connection, and the run finds the same flags.
    path = tmp_path / "deaths.csv"
    path.write_bytes(csv_bytes(death_rows(people)))
    out = io.StringIO()
    call_command("compare", str(path), "--kind", "deceased", "--org", "350430", stdout=out)
    assert "疑点：身份证号精确：1" in out.getvalue()
    run = ComparisonRun.objects.get()
    assert run.status == RunStatus.DONE and "archive" in run.timings
    assert set(Flag.objects.values_list("person__name", flat=True)) == {"张伟", "刘强"}
