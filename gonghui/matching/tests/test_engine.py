"""The comparison engine on small generated data: no Django, no database."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from datetime import date
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gonghui.core import idnumbers
from gonghui.matching import engine, idsql, listfile

MAPPING = {
    "id": "身份证号",
    "name": "姓名",
    "birth_date": "出生日期",
    "sex": "性别",
    "region": "户籍地",
}
HEADERS = ["身份证号", "姓名", "出生日期", "性别", "户籍地", "死亡日期"]


def make_id(region: str, born: date, seq: int) -> str:
    """A valid 18-digit ID number."""
    first17 = f"{region}{born:%Y%m%d}{seq:03d}"
    return first17 + idnumbers.check_char(first17)


PEOPLE = [
    # person_id, household_id, county, name, birth date, sex, sequence
    (1, 10, "350430", "张伟", date(1970, 3, 5), "M", 11),
    (2, 10, "350430", "李娜", date(1972, 8, 9), "F", 22),
    (3, 11, "350429", "王建国", date(1960, 1, 1), "M", 31),
    (4, 12, "350430", "陈秀英", date(1955, 12, 30), "F", 42),
    (5, 13, "350430", "刘强", date(1980, 6, 6), "M", 51),
    (6, 14, "350430", "林海", date(1985, 2, 2), "M", 61),
]


def archive_table() -> pa.Table:
    """The archive as the Django side hands it to the engine (plaintext IDs, in memory)."""
    return pa.table(
        {
            "person_id": [p[0] for p in PEOPLE],
            "household_id": [p[1] for p in PEOPLE],
            "county_code": [p[2] for p in PEOPLE],
            "id18": [make_id(p[2], p[4], p[6]) for p in PEOPLE],
            "name": [p[3] for p in PEOPLE],
            "birth_date": [p[4] for p in PEOPLE],
            "sex": [p[5] for p in PEOPLE],
            "region": [p[2] for p in PEOPLE],
        }
    )


def person_id(number: int) -> str:
    """The archived ID of person ``number``."""
    person = PEOPLE[number - 1]
    return make_id(person[2], person[4], person[6])


def to_fullwidth(text: str) -> str:
    """Full-width digits and X, as typed with a Chinese input method."""
    return text.translate({ord(c): ord(c) + 0xFEE0 for c in "0123456789X"})


def write_csv(path: Path, rows: list[list[str]], encoding: str = "utf-8") -> Path:
    """A list file with the usual headers."""
    with path.open("w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADERS)
        writer.writerows(rows)
    return path


def list_rows() -> list[list[str]]:
    """One row per case the engine must handle (row numbers 2..)."""
    p1, p2, p3, p4 = person_id(1), person_id(2), person_id(3), person_id(4)
    id15 = p3[:6] + p3[8:17]
    return [
        [p1, "张伟", "1970-03-05", "男", "350430", "2018-03-01"],  # row 2: exact
        [id15, "王建国", "1960-01-01", "男", "350429", "2018-03-02"],  # row 3: 15-digit
        [to_fullwidth(p2), "李娜", "1972-08-09", "女", "350430", ""],  # row 4: full-width
        [" " + p4[:6] + " " + p4[6:].lower() + " ", "陈秀英", "", "", "", ""],  # row 5: spaces
        ["", "刘墙", "1980-06-06", "男", "350430", ""],  # row 6: homophone typo, no ID
        ["", "林海", "1985/2/2", "", "", ""],  # row 7: no ID, same name and birthday
        ["", "赵敏", "1980-06-06", "女", "350430", ""],  # row 8: other person, same birthday
        ["35043019800606051X", "周杰", "1990-01-01", "男", "", ""],  # row 9: bad checksum
        ["12345", "吴静", "1991-01-01", "女", "", ""],  # row 10: too short, nobody matches
        [make_id("350430", date(1970, 3, 5), 999), "张伟", "1970-03-05", "男", "", ""],  # row 11
    ]


@pytest.fixture
def result(tmp_path: Path) -> engine.MatchResult:
    path = write_csv(tmp_path / "list.csv", list_rows())
    return engine.run(
        archive_table(), path, MAPPING, config=engine.EngineConfig(temp_directory=str(tmp_path))
    )


def flags_by_row(result: engine.MatchResult) -> dict[int, list[dict]]:
    """Flags keyed by list row."""
    out: dict[int, list[dict]] = {}
    for flag in result.flags.to_pylist():
        out.setdefault(flag["list_row"], []).append(flag)
    return out


def test_an_exact_id_is_flagged_with_its_row_number(result: engine.MatchResult) -> None:
    flags = flags_by_row(result)
    assert [(f["person_id"], f["household_id"], f["method"]) for f in flags[2]] == [
        (1, 10, "exact_id")
    ]
    evidence = json.loads(flags[2][0]["evidence"])
    assert evidence["list_name"] == "张伟" and evidence["name_agrees"] is True
    # Plain ID numbers never leave the engine in the evidence.
    assert person_id(1) not in flags[2][0]["evidence"]


def test_a_15_digit_id_is_converted_and_matched(result: engine.MatchResult) -> None:
    flags = flags_by_row(result)
    assert [(f["person_id"], f["method"]) for f in flags[3]] == [(3, "exact_id")]
    assert json.loads(flags[3][0]["evidence"])["id_form"] == "15位转换"
    assert result.counts["ids_15_converted"] == 1


def test_full_width_spaced_and_lower_case_ids_are_matched(result: engine.MatchResult) -> None:
    flags = flags_by_row(result)
    assert [(f["person_id"], f["method"]) for f in flags[4]] == [(2, "exact_id")]
    assert [(f["person_id"], f["method"]) for f in flags[5]] == [(4, "exact_id")]
    assert result.counts["ids_cleaned"] == 2


def test_a_homophone_name_typo_without_id_is_found_by_fuzzy(result: engine.MatchResult) -> None:
    flags = flags_by_row(result)
    assert [(f["person_id"], f["method"]) for f in flags[6]] == [(5, "fuzzy")]
    evidence = json.loads(flags[6][0]["evidence"])
    assert evidence["homophones"] == 1
    assert evidence["archive_name"] == "刘强" and evidence["list_name"] == "刘墙"
    assert engine.FUZZY_THRESHOLD <= flags[6][0]["score"] < 1


def test_a_same_name_and_birthday_without_id_is_found(result: engine.MatchResult) -> None:
    flags = flags_by_row(result)
    assert [(f["person_id"], f["method"]) for f in flags[7]] == [(6, "fuzzy")]


def test_a_different_person_with_the_same_birthday_is_not_flagged(
    result: engine.MatchResult,
) -> None:
    flags = flags_by_row(result)
    assert 8 not in flags
    # A valid ID that is not in the archive is not sent to fuzzy matching, even with a
    # namesake born the same day.
    assert 11 not in flags


def test_invalid_ids_are_counted_not_dropped(result: engine.MatchResult) -> None:
    assert result.counts["rows_read"] == 10
    assert result.counts["ids_invalid"] == 2
    assert result.counts["ids_missing"] == 3
    assert result.counts["ids_valid"] == 5
    # Rows with invalid or missing IDs and a name went to fuzzy matching.
    assert result.counts["fuzzy_candidates"] == 5
    assert result.counts["flags_exact_id"] == 4
    assert result.counts["flags_fuzzy"] == 2
    assert {"prepare", "read", "exact", "fuzzy", "collect"} <= set(result.timings)
    assert "fuzzy.pinyin" in result.timings


def test_a_typo_in_the_id_is_evidence_for_fuzzy(tmp_path: Path) -> None:
    good = person_id(5)
    typo = good[:10] + str((int(good[10]) + 1) % 10) + good[11:]
    path = write_csv(tmp_path / "list.csv", [[typo, "刘小", "1980-06-06", "男", "350430", ""]])
    result = engine.run(archive_table(), path, MAPPING)
    [flag] = result.flags.to_pylist()
    evidence = json.loads(flag["evidence"])
    assert flag["person_id"] == 5 and evidence["id_differences"] == 1


def test_a_sex_contradiction_vetoes_a_fuzzy_match(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "list.csv", [["", "刘强", "1980-06-06", "女", "350430", ""]])
    assert engine.run(archive_table(), path, MAPPING).flags.num_rows == 0


def test_progress_reports_each_stage(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "list.csv", list_rows())
    seen: list[tuple[str, int]] = []
    engine.run(
        archive_table(), path, MAPPING, progress=lambda stage, rows: seen.append((stage, rows))
    )
    stages = [stage for stage, _ in seen]
    assert stages[0] == "prepare" and stages[-1] == "done"
    assert {"read", "exact", "fuzzy"} <= set(stages)
    assert seen[-1][1] == 10


def test_a_parquet_list_gives_the_same_flags(tmp_path: Path) -> None:
    rows = list_rows()
    table = pa.table({header: [row[i] for row in rows] for i, header in enumerate(HEADERS)})
    pq.write_table(table, tmp_path / "list.parquet")
    csv_result = engine.run(archive_table(), write_csv(tmp_path / "l.csv", rows), MAPPING)
    parquet_result = engine.run(archive_table(), tmp_path / "list.parquet", MAPPING)
    # Parquet has no header line, so its row numbers are one lower.
    assert [(f["list_row"] - 1, f["person_id"]) for f in csv_result.flags.to_pylist()] == [
        (f["list_row"], f["person_id"]) for f in parquet_result.flags.to_pylist()
    ]


def test_an_xlsx_list_is_converted_and_matched(tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(HEADERS)
    for row in list_rows()[:3]:
        sheet.append(row)
    book.save(tmp_path / "list.xlsx")
    assert engine.list_headers(tmp_path / "list.xlsx") == HEADERS
    result = engine.run(archive_table(), tmp_path / "list.xlsx", MAPPING)
    assert [(f["list_row"], f["person_id"]) for f in result.flags.to_pylist()] == [
        (2, 1),
        (3, 3),
        (4, 2),
    ]


def test_a_gb18030_csv_is_read(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "list.csv", list_rows(), encoding="gb18030")
    assert engine.run(archive_table(), path, MAPPING).counts["flags_exact_id"] == 4


def test_a_binary_file_renamed_csv_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "list.csv"
    path.write_bytes(b"PK\x03\x04" + bytes(range(256)) * 10)
    with pytest.raises(engine.ListFileError, match="不是文本格式"):
        engine.run(archive_table(), path, MAPPING)


def test_a_file_in_an_unknown_encoding_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "list.csv"
    path.write_bytes("身份证号,姓名\n".encode() + b"\xff\xfe\xfd\x80\x81\n" * 3)
    with pytest.raises(engine.ListFileError, match="编码"):
        engine.run(archive_table(), path, MAPPING)


def test_a_missing_id_column_names_the_columns_the_file_has(tmp_path: Path) -> None:
    path = tmp_path / "list.csv"
    path.write_text("证件号码,姓名\n1,张伟\n", encoding="utf-8")
    with pytest.raises(engine.ListFileError, match="身份证号→“身份证号”.*证件号码、姓名"):
        engine.run(archive_table(), path, {"id": "身份证号", "name": "姓名"})


def test_a_mapping_without_id_or_name_and_birth_date_is_refused(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "list.csv", list_rows())
    with pytest.raises(engine.ListFileError, match="至少映射"):
        engine.run(archive_table(), path, {"name": "姓名"})


def test_an_xlsx_bomb_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", "0" * (50 * 1024 * 1024))
    with pytest.raises(engine.ListFileError, match="疑似恶意文件"):
        engine.run(archive_table(), path, MAPPING)


def test_a_csv_renamed_xlsx_is_refused(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "list.xlsx", list_rows())
    with pytest.raises(engine.ListFileError, match="不是有效的 XLSX"):
        engine.run(archive_table(), path, MAPPING)


def test_preview_shows_masked_rows_and_id_counts(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "list.csv", list_rows())
    shown = engine.preview(path, MAPPING, limit=3)
    assert shown["counts"] == {
        "rows_read": 10,
        "ids_valid": 5,
        "ids_invalid": 2,
        "ids_missing": 3,
        "ids_15_converted": 1,
    }
    assert [row["row"] for row in shown["rows"]] == [2, 3, 4]
    assert shown["rows"][0]["id"] == person_id(1)[:6] + "********" + person_id(1)[-4:]
    assert shown["headers"] == HEADERS


_CON = duckdb.connect()
_STATUS_SQL = (
    "SELECT id_status, n FROM ("
    + idsql.select_list_sql(
        listfile.Source("(SELECT ? AS 身份证号)", ["身份证号"], 2), {"id": "身份证号"}
    )
    + ")"
)


def _sql_status(raw: str) -> tuple[str, int | None]:
    """The engine's SQL verdict on one ID: status and join key."""
    row = _CON.execute(_STATUS_SQL, [raw]).fetchone()
    assert row is not None
    return row[0], row[1]


@st.composite
def id_like(draw: st.DrawFn) -> str:
    """Valid IDs, their 15-digit and full-width forms, and near misses of each."""
    born = draw(st.dates(min_value=date(1900, 1, 1), max_value=date(2020, 12, 31)))
    region = draw(st.sampled_from(["350430", "110101", "350402", "990101", "000000"]))
    canonical = make_id(region, born, draw(st.integers(0, 999)))
    form = draw(st.sampled_from(["18", "15", "full", "lower", "typo", "short", "junk"]))
    if form == "15":
        return canonical[:6] + canonical[8:17]
    if form == "full":
        return to_fullwidth(canonical)
    if form == "lower":
        return canonical.lower()
    if form == "typo":
        position = draw(st.integers(0, 17))
        return (
            canonical[:position] + draw(st.sampled_from("0123456789X")) + canonical[position + 1 :]
        )
    if form == "short":
        return canonical[: draw(st.integers(0, 17))]
    if form == "junk":
        return draw(st.text(alphabet="0123456789Xx -+.", max_size=20))
    return canonical


@settings(max_examples=300, deadline=None)
@given(id_like())
def test_sql_validation_agrees_with_the_python_rules(raw: str) -> None:
    status, key = _sql_status(raw)
    try:
        canonical = idnumbers.validate(raw)
    except idnumbers.IdNumberError:
        assert status in ("invalid", "missing")
        return
    assert status in ("valid", "valid15")
    assert key == int(canonical[:17])


def test_a_csv_written_by_excel_with_a_bom_is_read(tmp_path: Path) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADERS)
    writer.writerows(list_rows())
    path = tmp_path / "list.csv"
    path.write_bytes(buffer.getvalue().encode("utf-8-sig"))
    assert engine.run(archive_table(), path, MAPPING).counts["flags_exact_id"] == 4


def test_row_numbers_follow_the_file_on_a_list_read_in_parallel(tmp_path: Path) -> None:
    # Enough rows for DuckDB to split the file between both threads; every 997th row is an
    # archived person, so a shuffled row order would show.
    rows = 300_000
    ids = [person_id(1 + (i // 997) % 6) if i % 997 == 0 else "" for i in range(rows)]
    names = ["某" if not value else "" for value in ids]
    path = tmp_path / "big.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        # A filler column makes the file ~20 MB, several of DuckDB's read buffers.
        writer.writerow(["身份证号", "姓名", "备注"])
        filler = "x" * 60
        writer.writerows((value, name, filler) for value, name in zip(ids, names, strict=True))
    result = engine.run(archive_table(), path, {"id": "身份证号", "name": "姓名"})
    found = [(flag["list_row"], flag["person_id"]) for flag in result.flags.to_pylist()]
    expected = [(i + 2, 1 + (i // 997) % 6) for i in range(0, rows, 997)]
    assert found == expected
