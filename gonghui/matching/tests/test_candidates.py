"""A minimum-living list (低保名单) also names its listed persons of the counties in scope who
are in no archive: new candidates (新增建档线索), reviewed in their own words and confirmed
into a hardship survey rather than an archive adjustment."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlparse

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from gonghui.conftest import client_for
from gonghui.core.models import AuditEntry
from gonghui.hardship.models import Household, Person
from gonghui.matching.figures import county_summary
from gonghui.matching.models import Flag, FlagState, Implication, Method
from gonghui.matching.tests import factories

HEADERS = ["身份证号", "姓名", "性别", "保障金额"]


@pytest.fixture(autouse=True)
def _var_dir(settings: Any, tmp_path: Path) -> None:
    settings.VAR_DIR = tmp_path / "var"


@pytest.fixture
def listed(tree: Any, tmp_path: Path) -> dict[str, Any]:
    """A 建宁 minimum-living list: one archived person, two unarchived 建宁 persons (one of them
    twice), one surveyed but not archived, one archived in 泰宁, one of another province, one
    whose archive was closed, and a row with a broken ID."""
    ids = {
        "archived": factories.make_id("350430", date(1970, 3, 5)),
        "new": factories.make_id("350430", date(1981, 2, 3), male=False),
        "new2": factories.make_id("350430", date(1962, 9, 9)),
        "surveyed": factories.make_id("350430", date(1990, 1, 1)),
        "in_taining": factories.make_id("350430", date(1985, 5, 5)),
        "elsewhere": factories.make_id("110101", date(1990, 1, 1)),
        "closed": factories.make_id("350430", date(1955, 4, 4)),
    }
    factories.household(tree.jianning_union, tree.jianning, [("张伟", ids["archived"])])
    factories.household(tree.taining_union, tree.taining, [("林海", ids["in_taining"])])
    surveyed, _ = factories.household(
        tree.jianning_union, tree.jianning, [("陈静", ids["surveyed"])]
    )
    Household.objects.filter(pk=surveyed.pk).update(archived_on=None)
    closed, _ = factories.household(tree.jianning_union, tree.jianning, [("吴明", ids["closed"])])
    Household.objects.filter(pk=closed.pk).update(
        closed_on=date(2018, 1, 5), close_kind="lifted", archived_on=date(2016, 1, 1)
    )
    rows = [
        [ids["archived"], "张伟", "男", "600"],
        [ids["new"], "李娜", "女", "580"],
        [ids["surveyed"], "陈静", "男", "580"],
        [ids["in_taining"], "林海", "男", "580"],
        [ids["elsewhere"], "赵敏", "男", "580"],
        [ids["new2"].lower(), "周强", "男", "560"],
        [ids["closed"], "吴明", "男", "560"],
        [ids["new"], "李娜", "女", "580"],
        ["35043019811302001X", "错号", "女", "580"],
    ]
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADERS)
    writer.writerows(rows)
    path = tmp_path / "dibao.csv"
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return {"ids": ids, "path": path}


def compare(path: Path, kind: str = "minimum_living", org: str = "350430") -> str:
    out = io.StringIO()
    call_command(
        "compare", str(path), "--kind", kind, "--org", org, "--as-of", "2018-06-30", stdout=out
    )
    return out.getvalue()


def candidates() -> list[Flag]:
    return list(Flag.objects.filter(implication=Implication.NEW_CANDIDATE).order_by("list_row"))


def test_a_minimum_living_list_names_unarchived_listed_persons_of_its_counties(
    tree: Any, listed: dict[str, Any]
) -> None:
    text = compare(listed["path"])
    found = candidates()
    # 李娜 (listed twice: one flag, on her first row), 周强 (lower-case x), 吴明 (archive
    # closed); not 陈静 (surveyed, awaiting the archive), not 林海 (archived in 泰宁, outside
    # the run's scope), not 赵敏 (of another province), not the broken ID.
    assert [f.evidence["list_name"] for f in found] == ["李娜", "周强", "吴明"]
    assert [f.list_row for f in found] == [3, 7, 8]
    li = found[0]
    assert li.household_id is None and li.person_id is None
    assert li.org_id == li.county_id == tree.jianning.pk
    assert li.method == Method.NOT_ARCHIVED and li.state == FlagState.OPEN
    assert li.evidence["sex"] == "女" and li.evidence["birth_date"] == "1981-02-03"
    # Only the masked ID is kept: the plaintext number is nowhere in the flag.
    assert (
        li.evidence["list_id"] == listed["ids"]["new"][:6] + "********" + listed["ids"]["new"][-4:]
    )
    assert listed["ids"]["new"] not in str(li.evidence)
    # The archived person is consistent with the list, as before.
    consistent = Flag.objects.get(implication=Implication.CONSISTENT)
    assert consistent.person.name == "张伟" and consistent.org_id == tree.jianning_union.pk
    assert "新增建档线索：3" in text


def test_the_same_list_again_raises_no_candidate_twice_and_a_dismissal_stays(
    tree: Any, listed: dict[str, Any], jianning_officer: Any
) -> None:
    from gonghui.matching import actions

    compare(listed["path"])
    actions.dismiss_flag(jianning_officer, candidates()[0], "已入户核实，家中无在职职工")
    compare(listed["path"])
    assert len(candidates()) == 3
    assert Flag.objects.filter(state=FlagState.DISMISSED).count() == 1


def test_other_kinds_of_list_and_a_grassroots_scope_raise_no_candidates(
    tree: Any, listed: dict[str, Any]
) -> None:
    compare(listed["path"], kind="deceased")
    assert candidates() == []
    # A city-wide run sees 林海 in 泰宁's archive: still no candidate for him.
    compare(listed["path"], org="350400")
    assert sorted(f.evidence["list_name"] for f in candidates()) == ["吴明", "周强", "李娜"]
    assert {f.county_id for f in candidates()} == {tree.jianning.pk}


def test_the_review_pages_show_a_candidate_in_its_own_words_and_confirm_into_a_survey(
    tree: Any,
    listed: dict[str, Any],
    jianning_officer: Any,
    taining_officer: Any,
    django_assert_max_num_queries: Any,
) -> None:
    compare(listed["path"])
    li = candidates()[0]
    client = client_for(jianning_officer)
    with django_assert_max_num_queries(12):
        page = client.get(reverse("matching:flag_list"), {"implication": "new_candidate"})
    text = page.content.decode()
    assert text.count('data-testid="new-candidate"') == 3 and "张伟" not in text
    assert "新增建档线索" in text and "建宁县总工会" in text
    run_page = client.get(reverse("matching:run_detail", args=[li.run_id])).content.decode()
    assert "新增建档线索" in run_page and "implication=new_candidate" in run_page
    detail = client.get(reverse("matching:flag_detail", args=[li.pk])).content.decode()
    assert "新增建档线索：李娜" in detail and "确认并入户调查" in detail
    assert "确认并调整档案" not in detail and "建议入户调查" in detail
    # 泰宁 does not see 建宁's candidate.
    response = client_for(taining_officer).get(reverse("matching:flag_detail", args=[li.pk]))
    assert response.status_code == 404
    response = client.post(reverse("matching:flag_confirm", args=[li.pk]), {"version": li.version})
    target = urlparse(response["Location"])
    assert target.path == reverse("hardship:survey")
    assert parse_qs(target.query) == {"county": [str(tree.jianning.pk)], "head_name": ["李娜"]}
    survey = client.get(response["Location"]).content.decode()
    assert 'name="m-0-name"' in survey and 'value="李娜"' in survey
    li.refresh_from_db()
    assert li.state == FlagState.CONFIRMED
    entry = AuditEntry.objects.filter(action="matching.flag_confirmed").get()
    assert entry.detail["subject"] == "李娜" and entry.detail["implication"] == "new_candidate"
    assert entry.org_id == tree.jianning.pk


def test_candidates_count_under_their_county_in_the_summary(
    tree: Any, listed: dict[str, Any]
) -> None:
    compare(listed["path"])
    rows = {r["county"]: r for r in county_summary(Flag.objects.all(), timezone.localdate())}
    # Three candidates and 张伟's consistent flag, all 建宁's.
    assert rows["建宁县总工会"]["open"] == 4 and set(rows) == {"建宁县总工会"}
    assert Person.objects.count() == 4
