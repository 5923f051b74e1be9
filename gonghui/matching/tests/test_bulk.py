"""The run's bulk paths: the archive read in chunks and decrypted by worker processes, and the
flags written as plain rows (COPY on PostgreSQL), checked against the records they describe."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest

from gonghui.hardship.models import Household, Person
from gonghui.matching import archive, flagwrite
from gonghui.matching.models import ComparisonRun, Flag, FlagState, Implication, Method
from gonghui.matching.tests import factories


@pytest.fixture(autouse=True)
def _var_dir(settings: Any, tmp_path: Path) -> None:
    settings.VAR_DIR = tmp_path / "var"


@pytest.fixture
def homes(tree: Any) -> dict[str, Any]:
    ids = [factories.make_id("350430", date(1970 + k, 1, 2)) for k in range(5)]
    jianning, jianning_people = factories.household(
        tree.jianning_union,
        tree.jianning,
        [("张伟", ids[0]), ("刘强", ids[1]), ("王芳", ids[2])],
    )
    _, [taining] = factories.household(tree.taining_union, tree.taining, [("林海", ids[3])])
    closed, _ = factories.household(tree.jianning_union, tree.jianning, [("吴明", ids[4])])
    Household.objects.filter(pk=closed.pk).update(closed_on=date(2018, 1, 1))
    return {"ids": ids, "jianning": jianning, "people": jianning_people, "taining": taining}


def test_the_archive_is_read_in_chunks_and_decrypted_by_worker_processes(
    tree: Any, homes: dict[str, Any], monkeypatch: Any
) -> None:
    # Chunks of two: the second chunk starts the worker pool (on a machine with two cores).
    monkeypatch.setattr(archive, "CHUNK", 2)
    broken = homes["people"][2]
    Person.objects.filter(pk=broken.pk).update(id_number_cipher="v1:AAAA" + "B" * 40)
    table = archive.read_archive(tree.city, date(2018, 6, 30))
    rows = {row["name"]: row for row in table.to_pylist()}
    # The closed archive is not read; 泰宁 is (the city's subtree).
    assert set(rows) == {"张伟", "刘强", "王芳", "林海"}
    assert rows["张伟"]["id18"] == homes["ids"][0] and rows["刘强"]["id18"] == homes["ids"][1]
    assert rows["林海"]["id18"] == homes["ids"][3]
    # A ciphertext that does not decrypt leaves the person without an ID (compared by name
    # and birth date only), its region taken from the county.
    assert rows["王芳"]["id18"] is None and rows["王芳"]["region"] == "350430"
    assert rows["张伟"]["org_id"] == tree.jianning_union.pk
    assert rows["张伟"]["county_id"] == tree.jianning.pk
    assert rows["张伟"]["birth_date"] == date(1970, 1, 2) and rows["张伟"]["sex"] == "M"
    # A county's run reads its own archives only.
    own = archive.read_archive(tree.jianning, date(2018, 6, 30))
    assert sorted(own.column("name").to_pylist()) == ["刘强", "张伟", "王芳"]


def _flags(person: Person, list_row: int) -> dict[str, Any]:
    return {
        "person_id": person.pk,
        "household_id": person.household_id,
        "county_code": "350430",
        "list_row": list_row,
        "method": "exact_id",
        "score": 1.0,
        "evidence": json.dumps({"list_name": person.name, "name_agrees": True}),
    }


def test_flags_are_written_as_rows_the_records_read_back(
    tree: Any, homes: dict[str, Any], monkeypatch: Any
) -> None:
    monkeypatch.setattr(flagwrite, "LOOKUP_CHUNK", 1)
    ref = factories.reference_list(tree.city)
    run = ComparisonRun.objects.create(reference_list=ref, org=tree.city, as_of=date(2018, 6, 30))
    people = homes["people"]
    gone = homes["taining"]
    flags = pa.Table.from_pylist(
        [_flags(people[0], 5), _flags(people[1], 9), _flags(gone, 11), _flags(people[0], 12)]
    )
    units = archive.read_archive(tree.city, run.as_of).select(["person_id", "org_id", "county_id"])
    # 林海 is deleted after the archive was read: his flag is not written.
    Person.objects.filter(pk=gone.pk).delete()
    written, suppressed, candidates = flagwrite.write_flags(run, flags, units)
    # 张伟 listed twice: one flag, the second counted as already raised.
    assert (written, suppressed, candidates) == (2, 1, 0)
    first = Flag.objects.get(person=people[0])
    assert first.evidence == {"list_name": "张伟", "name_agrees": True}
    assert first.score == Decimal("1.000") and first.list_row == 5
    assert first.method == Method.EXACT_ID and first.implication == Implication.REMOVE_MEMBER
    assert first.state == FlagState.OPEN and first.version == 1
    assert first.org_id == tree.jianning_union.pk and first.county_id == tree.jianning.pk
    assert isinstance(first.raised_on, date)
    # The same list content again raises nothing new.
    again = ComparisonRun.objects.create(reference_list=ref, org=tree.city, as_of=date(2018, 6, 30))
    assert flagwrite.write_flags(again, flags, units) == (0, 3, 0)
    assert Flag.objects.count() == 2
