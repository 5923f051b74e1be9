"""The comparison engine (比对引擎): archive persons against a reference list, in DuckDB.

Pure on purpose (no Django import) so that the benchmark, the management command and the
tests drive the same code. Everything row-sized happens in SQL inside DuckDB (two threads,
capped memory, spilling to a temp directory); Python only touches distinct characters (for
pinyin) and the final flags.

Input: the archive as an Arrow table (or a parquet path) with columns person_id, household_id,
county_code, id18 (plaintext canonical ID, in memory only), name, birth_date, sex, region; the
list file (CSV, Parquet, or XLSX converted to Parquet first) and a column mapping
field → header for the fields in FIELDS.
"""

from __future__ import annotations

import json
import os
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from gonghui.matching.idsql import select_list_sql
from gonghui.matching.listfile import (
    ListFileError,
    csv_has_rows,
    file_format,
    ident,
    open_source,
    short_error,
    sql_str,
    xlsx_has_rows,
    xlsx_headers,
    xlsx_number_ids,
    xlsx_to_parquet,
)

__all__ = [
    "FIELDS",
    "FUZZY_THRESHOLD",
    "EngineConfig",
    "ListFileError",
    "MatchResult",
    "estimate_rows",
    "file_format",
    "list_headers",
    "ordered_timings",
    "preview",
    "run",
    "xlsx_to_parquet",
]

# The list fields a user can map; id alone, or name + birth_date, is enough to compare.
FIELDS = ("id", "name", "birth_date", "sex", "region", "fact_date", "value")
FIELD_LABELS = {
    "id": "身份证号",
    "name": "姓名",
    "birth_date": "出生日期",
    "sex": "性别",
    "region": "地区",
    "fact_date": "事实日期",
    "value": "金额/数值",
}

_DATE_FORMATS = (
    "['%Y-%m-%d', '%Y/%m/%d', '%Y%m%d', '%Y.%m.%d', '%Y年%m月%d日', '%Y-%m-%d %H:%M:%S']"
)

# A fuzzy pair is flagged when its score reaches this and it is the best candidate for its
# list row. Chosen on the benchmark's synthetic truth (bench/bench_matching.py): an exact name
# with the same birth date, sex and county scores 1.0; a homophone typo ~0.98; a 3-character
# name with one unrelated character ~0.88; a 2-character name with one unrelated character and
# no other evidence 0.825 (not flagged: too many namesakes share a surname and a birthday).
FUZZY_THRESHOLD = 0.85


@dataclass
class EngineConfig:
    """Resource limits for one run."""

    memory_limit: str = "2GB"
    threads: int = 2
    temp_directory: str | None = None
    fuzzy_threshold: float = FUZZY_THRESHOLD


@dataclass
class MatchResult:
    """What a run found: flags (Arrow), counts and per-stage timings in seconds."""

    flags: pa.Table
    counts: dict[str, int] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)
    # Rows with a valid ID of a region asked for that match no archived person (new
    # candidates of a minimum-living list); None when not asked for.
    unmatched: pa.Table | None = None


Progress = Callable[[str, int], None]


def _connect(config: EngineConfig) -> duckdb.DuckDBPyConnection:
    """Open an in-memory DuckDB with the run's memory cap, threads and spill directory."""
    temp_dir = config.temp_directory or tempfile.gettempdir()
    con = duckdb.connect(
        ":memory:",
        config={
            "memory_limit": config.memory_limit,
            "threads": config.threads,
            "temp_directory": temp_dir,
            # Row numbers come from insertion order (rowid), so order must be kept.
            "preserve_insertion_order": True,
            # No extension may be fetched from the internet during a run.
            "autoinstall_known_extensions": False,
            "autoload_known_extensions": False,
        },
    )
    # query_progress() needs the progress bar on; its printing (to stdout) stays off.
    con.execute("SET enable_progress_bar = true; SET enable_progress_bar_print = false")
    return con


def _check_mapping(mapping: dict[str, str], headers: list[str]) -> dict[str, str]:
    """Keep mapped fields, refuse unknown fields and headers the file does not have."""
    clean = {key: value.strip() for key, value in mapping.items() if value and value.strip()}
    for key in clean:
        if key not in FIELDS:
            raise ListFileError(f"未知的字段“{key}”：可用字段为 {'、'.join(FIELDS)}")
    missing = [f"{FIELD_LABELS[k]}→“{v}”" for k, v in clean.items() if v not in headers]
    if missing:
        raise ListFileError(
            f"文件中没有映射的列：{'，'.join(missing)}；文件的列为：{'、'.join(headers)}"
        )
    if "id" not in clean and not {"name", "birth_date"} <= clean.keys():
        raise ListFileError("请至少映射“身份证号”列，或同时映射“姓名”和“出生日期”列")
    return clean


def list_headers(path: str | os.PathLike[str], filename: str | None = None) -> list[str]:
    """The headers of a list file (for the column-mapping form)."""
    path = Path(path)
    fmt = file_format(filename or path.name)
    if fmt == "xlsx":
        return xlsx_headers(path)
    with tempfile.TemporaryDirectory(prefix="gonghui-list-") as work:
        con = _connect(EngineConfig())
        try:
            return open_source(con, path, fmt, Path(work)).headers
        finally:
            con.close()


def has_rows(path: str | os.PathLike[str], filename: str | None = None) -> bool:
    """Whether a list file has at least one row below its header."""
    path = Path(path)
    fmt = file_format(filename or path.name)
    if fmt == "xlsx":
        return xlsx_has_rows(path)
    if fmt == "parquet":
        try:
            return pq.ParquetFile(path).metadata.num_rows > 0
        except Exception as exc:  # pyarrow raises several kinds on a broken file
            raise ListFileError("文件不是有效的 Parquet 文件") from exc
    return csv_has_rows(path)


def preview(
    path: str | os.PathLike[str],
    mapping: dict[str, str],
    filename: str | None = None,
    limit: int = 10,
    config: EngineConfig | None = None,
) -> dict[str, Any]:
    """First rows (normalised) and ID counts of a list, for the mapping page, before a run."""
    path = Path(path)
    fmt = file_format(filename or path.name)
    config = config or EngineConfig()
    with tempfile.TemporaryDirectory(prefix="gonghui-list-", dir=config.temp_directory) as work:
        con = _connect(config)
        try:
            source = open_source(con, path, fmt, Path(work))
            clean = _check_mapping(mapping, source.headers)
            select = select_list_sql(source, clean)
            try:
                rows = con.execute(
                    f"SELECT s, id_status, name, birth_raw, sex_raw, region_raw, fact_date, value "
                    f"FROM ({select}) LIMIT {int(limit)}"
                ).fetchall()
                counts = con.execute(
                    f"SELECT count(*), count(*) FILTER (id_status IN ('valid', 'valid15')), "
                    f"count(*) FILTER (id_status = 'invalid'), count(*) FILTER (id_status = 'missing'), "
                    f"count(*) FILTER (id_status = 'valid15') FROM ({select})"
                ).fetchone()
            except duckdb.Error as exc:
                raise ListFileError(short_error(exc)) from exc
        finally:
            con.close()
    assert counts is not None
    return {
        "warnings": _number_id_warnings(path, fmt, clean.get("id", "")),
        "headers": source.headers,
        "rows": [
            {
                "row": source.first_row + number,
                "id": _mask(row[0] or ""),
                "id_status": row[1],
                "name": row[2],
                "birth_date": row[3],
                "sex": row[4],
                "region": row[5],
                "fact_date": row[6],
                "value": row[7],
            }
            for number, row in enumerate(rows)
        ],
        "counts": {
            "rows_read": counts[0],
            "ids_valid": counts[1],
            "ids_invalid": counts[2],
            "ids_missing": counts[3],
            "ids_15_converted": counts[4],
        },
    }


NUMBER_ID_WARNING = (
    "「{header}」列有{count}个身份证号被 Excel 当成了数字或科学计数法（如第{rows}行），"
    "后几位已被改动，可能与他人的号码相同，比对结果不可信：请把该列设置为“文本”格式后"
    "重新录入完整号码，再上传名单"
)


def _number_id_warnings(path: Path, fmt: str, header: str) -> list[str]:
    """Preview warnings for ID cells Excel changed (numbers, 3.50402E+17)."""
    if not header:
        return []
    if fmt == "xlsx":
        count, rows = xlsx_number_ids(path, header)
    else:
        count, rows = text_number_ids(path, fmt, header)
    if not count:
        return []
    shown = "、".join(str(r) for r in rows)
    return [NUMBER_ID_WARNING.format(header=header, count=count, rows=shown)]


def text_number_ids(path: Path, fmt: str, header: str, limit: int = 5) -> tuple[int, list[int]]:
    """The same for CSV and Parquet lists: IDs written in scientific notation (3.50402E+17),
    or a Parquet ID column of numbers."""
    with tempfile.TemporaryDirectory(prefix="gonghui-list-") as work:
        con = _connect(EngineConfig())
        try:
            source = open_source(con, path, fmt, Path(work))
            column = f"CAST({ident(header)} AS VARCHAR)"
            numbered = (
                f"SELECT row_number() OVER () + {source.first_row - 1} AS n, {column} AS v, "
                f"typeof({ident(header)}) AS t FROM {source.relation_sql}"
            )
            pattern = sql_str(r"^\s*[0-9]+(\.[0-9]+)?[eE]\+?[0-9]+\s*$")
            bad = f"(t NOT IN ('VARCHAR', 'NULL') OR regexp_matches(v, {pattern}))"
            found = con.execute(
                f"SELECT count(*) FILTER ({bad}), "
                f"list_slice(list(n ORDER BY n) FILTER ({bad}), 1, {int(limit)}) FROM ({numbered})"
            ).fetchone()
        except duckdb.Error:
            return 0, []
        finally:
            con.close()
    assert found is not None
    return int(found[0] or 0), list(found[1] or [])[:limit]


def _mask(value: str) -> str:
    """First 6 and last 4 characters of an ID; the rest hidden (same rule as idnumbers.mask)."""
    value = value.strip()
    if len(value) <= 10:
        return "*" * len(value)
    return value[:6] + "*" * (len(value) - 10) + value[-4:]


class _Progress:
    """Reports stage changes, and rows done while a long query runs (polled from DuckDB)."""

    def __init__(self, con: duckdb.DuckDBPyConnection, callback: Progress | None) -> None:
        self.con = con
        self.callback = callback
        self.expected_rows = 0
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def stage(self, name: str, rows_done: int) -> None:
        """Report the start (or end) of a stage."""
        if self.callback:
            self.callback(name, rows_done)

    def poll_reading(self, expected_rows: int) -> None:
        """Report rows read about every second while the reading query runs."""
        if not self.callback or expected_rows <= 0:
            return
        self.expected_rows = expected_rows
        self._stop.clear()

        def loop() -> None:
            while not self._stop.wait(1.0):
                try:
                    fraction = self.con.query_progress()
                except duckdb.Error:
                    return
                if fraction and fraction > 0:
                    done = int(min(fraction, 100.0) / 100.0 * self.expected_rows)
                    assert self.callback is not None
                    self.callback("read", done)

        self._thread = threading.Thread(target=loop, daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """Stop polling."""
        self._stop.set()
        if self._thread:
            self._thread.join()
            self._thread = None


def estimate_rows(path: Path, fmt: str) -> int:
    """A rough row count for the progress bar: exact for Parquet, from the size for CSV."""
    if fmt == "parquet":
        try:
            return pq.ParquetFile(path).metadata.num_rows
        except (OSError, pa.ArrowException):
            return 0
    # A list row with an ID, a name and a few short fields is about 60 bytes.
    return max(1, path.stat().st_size // 60)


def _import_pypinyin() -> None:
    """Import pypinyin (used later in the run) off the critical path."""
    import pypinyin  # noqa: F401


def _char_pinyin(chars: list[str]) -> pa.Table:
    """Pinyin readings (all heteronyms, tone-less) and their dialect-blurred forms per character."""
    from pypinyin import Style, pinyin

    readings: list[list[str]] = []
    blurred: list[list[str]] = []
    for char in chars:
        found = pinyin(char, style=Style.NORMAL, heteronym=True, errors=lambda c: [c])[0]
        readings.append(sorted(set(found)))
        blurred.append(sorted({_blur(reading) for reading in found}))
    return pa.table({"ch": chars, "py": readings, "pyb": blurred})


def _blur(reading: str) -> str:
    """Merge the sounds southern speakers (Fujian included) commonly confuse: zh/z, ch/c,
    sh/s, n/l, h/f, -ng/-n."""
    for hard, soft in (("zh", "z"), ("ch", "c"), ("sh", "s")):
        if reading.startswith(hard):
            reading = soft + reading[2:]
    if reading.startswith("l"):
        reading = "n" + reading[1:]
    if reading == "hu":
        reading = "fu"
    if reading.endswith("ng") and not reading.endswith("ong"):
        reading = reading[:-1]
    return reading


def run(
    archive: pa.Table | str | os.PathLike[str] | Callable[[], pa.Table],
    list_path: str | os.PathLike[str],
    mapping: dict[str, str],
    filename: str | None = None,
    progress: Progress | None = None,
    config: EngineConfig | None = None,
    unmatched_regions: list[str] | None = None,
) -> MatchResult:
    """Compare the archive with the list file: exact on the normalised ID, fuzzy where the
    list's ID is missing or invalid; return flags, counts and stage timings. The archive may
    be a callable returning the table, called once the list is read (so that the archive can
    be finished, say decrypted, while DuckDB reads the file). With
    ``unmatched_regions`` (6-digit county codes), also the rows of those regions whose valid
    ID matches no archived person."""
    config = config or EngineConfig()
    list_path = Path(list_path)
    fmt = file_format(filename or list_path.name)
    # pypinyin loads its dictionaries on import (about a second): do it while DuckDB reads.
    threading.Thread(target=_import_pypinyin, daemon=True).start()
    timings: dict[str, float] = {}
    counts: dict[str, int] = {}
    with tempfile.TemporaryDirectory(prefix="gonghui-match-", dir=config.temp_directory) as work:
        con = _connect(config)
        reporter = _Progress(con, progress)
        try:
            started = time.perf_counter()
            reporter.stage("prepare", 0)
            source = open_source(con, list_path, fmt, Path(work))
            clean = _check_mapping(mapping, source.headers)
            if not callable(archive):
                _load_archive(con, archive)
            timings["prepare"] = time.perf_counter() - started

            started = time.perf_counter()
            reporter.stage("read", 0)
            reporter.poll_reading(estimate_rows(list_path, fmt))
            try:
                con.execute(f"CREATE TABLE lst AS {select_list_sql(source, clean)}")
            except duckdb.Error as exc:
                raise ListFileError(short_error(exc)) from exc
            finally:
                reporter.stop()
            if callable(archive):
                # The archive was still being decrypted (by worker processes) while the list
                # was read: take it now.
                waited = time.perf_counter()
                _load_archive(con, archive())
                timings["archive_wait"] = time.perf_counter() - waited
            row = con.execute(
                "SELECT count(*), count(*) FILTER (id_status IN ('valid', 'valid15')), "
                "count(*) FILTER (id_status = 'invalid'), count(*) FILTER (id_status = 'missing'), "
                "count(*) FILTER (id_status = 'valid15'), "
                "count(*) FILTER (cleaned) FROM lst"
            ).fetchone()
            assert row is not None
            counts.update(
                rows_read=row[0],
                ids_valid=row[1],
                ids_invalid=row[2],
                ids_missing=row[3],
                ids_15_converted=row[4],
                ids_cleaned=row[5],
                archive_persons=con.execute("SELECT count(*) FROM arch").fetchone()[0],  # type: ignore[index]
            )
            timings["read"] = time.perf_counter() - started
            reporter.stage("exact", counts["rows_read"])

            started = time.perf_counter()
            _exact(con)
            timings["exact"] = time.perf_counter() - started
            reporter.stage("fuzzy", counts["rows_read"])

            started = time.perf_counter()
            fuzzy_counts = _fuzzy(con, config.fuzzy_threshold, timings)
            counts.update(fuzzy_counts)
            timings["fuzzy"] = time.perf_counter() - started

            started = time.perf_counter()
            flags = _collect(con, source.first_row)
            by_method = dict(
                con.execute("SELECT method, count(*) FROM flags GROUP BY method").fetchall()
            )
            counts["flags_exact_id"] = by_method.get("exact_id", 0)
            counts["flags_fuzzy"] = by_method.get("fuzzy", 0)
            unmatched = None
            if unmatched_regions is not None:
                unmatched = _unmatched(con, source.first_row, unmatched_regions)
                counts["unmatched_in_regions"] = unmatched.num_rows
            timings["collect"] = time.perf_counter() - started
            reporter.stage("done", counts["rows_read"])
        finally:
            con.close()
    return MatchResult(flags=flags, counts=counts, timings=timings, unmatched=unmatched)


def _load_archive(
    con: duckdb.DuckDBPyConnection, archive: pa.Table | str | os.PathLike[str]
) -> None:
    """Load the archive with its join key (first 17 digits as BIGINT) and blocking columns."""
    if isinstance(archive, pa.Table):
        con.register("arch_in", archive)
        relation = "arch_in"
    else:
        relation = f"read_parquet({sql_str(str(archive))})"
    con.execute(
        f"""
        CREATE TABLE arch AS
        SELECT CAST(person_id AS BIGINT) AS person_id,
               CAST(household_id AS BIGINT) AS household_id,
               CAST(county_code AS VARCHAR) AS county_code,
               CAST(left(id18, 17) AS BIGINT) AS n,
               id18,
               trim(CAST(name AS VARCHAR)) AS name,
               CAST(birth_date AS DATE) AS birth_date,
               CAST(sex AS VARCHAR) AS sex,
               coalesce(nullif(CAST(region AS VARCHAR), ''), CAST(county_code AS VARCHAR)) AS region
        FROM {relation}
        """
    )
    if isinstance(archive, pa.Table):
        con.unregister("arch_in")


def _exact(con: duckdb.DuckDBPyConnection) -> None:
    """Join valid list IDs with archive IDs (first 17 digits decide the 18th)."""
    con.execute(
        """
        CREATE TABLE exact_hits AS
        SELECT l.rowid AS r, a.person_id, a.household_id, a.county_code,
               l.id_status, l.s, l.cleaned, trim(l.name) AS list_name, a.name AS archive_name,
               a.id18, l.birth_raw, l.fact_date, l.value
        FROM lst l JOIN arch a ON l.n = a.n
        WHERE l.id_status IN ('valid', 'valid15')
        """
    )


def _fuzzy(
    con: duckdb.DuckDBPyConnection, threshold: float, timings: dict[str, float]
) -> dict[str, int]:
    """Score name + birth date (+ sex, region, partial ID) for rows without a usable ID."""
    clock = time.perf_counter()

    def lap(name: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        timings[f"fuzzy.{name}"] = now - clock
        clock = now

    # The birth date comes from the list's column, else from the invalid ID's date digits.
    con.execute(
        f"""
        CREATE TABLE cand AS
        SELECT rowid AS r, trim(name) AS name, s, fact_date, value, birth_raw,
               CAST(coalesce(try_strptime(trim(birth_raw), {_DATE_FORMATS}),
                    CASE WHEN length(s) = 18 THEN try_strptime(s[7:14], '%Y%m%d') END) AS DATE) AS birth,
               CASE WHEN trim(sex_raw) IN ('M', 'm', '男', '1') THEN 'M'
                    WHEN trim(sex_raw) IN ('F', 'f', '女', '2', '0') THEN 'F' END AS sex,
               coalesce(regexp_extract(region_raw, '[0-9]{{6}}'),
                        CASE WHEN regexp_matches(s, '^[0-9]{{6}}') THEN s[1:6] END, '') AS region
        FROM lst
        WHERE id_status IN ('missing', 'invalid') AND coalesce(name, '') <> ''
        """
    )
    lap("candidates")
    # Blocking: same birth date, same city (first 4 region digits) when both sides have one,
    # names of similar length sharing a character in place (a one-character error leaves the
    # other characters where they were).
    con.execute(
        """
        CREATE TABLE pairs AS
        SELECT c.r, a.person_id, a.household_id, a.county_code, a.id18,
               c.name AS lname, a.name AS aname, c.birth, c.sex AS lsex, a.sex AS asex,
               c.region AS lregion, a.region AS aregion, c.s, c.fact_date, c.value
        FROM cand c JOIN arch a ON a.birth_date = c.birth
        WHERE (c.region = '' OR a.region IS NULL OR left(c.region, 4) = left(a.region, 4))
          AND abs(length(c.name) - length(a.name)) <= 1
          AND (c.name = a.name OR c.name[1] = a.name[1] OR c.name[2] = a.name[2]
               OR c.name[-1] = a.name[-1])
        """
    )
    lap("blocking")
    chars = [
        row[0]
        for row in con.execute(
            "SELECT DISTINCT unnest(string_split(lname, '')) FROM pairs "
            "UNION SELECT DISTINCT unnest(string_split(aname, '')) FROM pairs"
        ).fetchall()
    ]
    con.register("char_table", _char_pinyin(chars))
    con.execute("CREATE TABLE chars AS SELECT * FROM char_table")
    con.unregister("char_table")
    lap("pinyin")
    # Per position of same-length names: 1 for the same character, 0.9 for a homophone,
    # 0.7 for a near-homophone (dialect), 0 otherwise. Different lengths: edit distance.
    con.execute(
        """
        CREATE TABLE name_sim AS
        WITH pos AS (
            SELECT DISTINCT lname, aname FROM pairs WHERE length(lname) = length(aname)
        ), chars_cmp AS (
            SELECT lname, aname, unnest(range(1, length(lname) + 1)) AS i FROM pos
        )
        SELECT x.lname, x.aname,
               sum(CASE WHEN x.lname[x.i] = x.aname[x.i] THEN 1.0
                        WHEN len(list_intersect(cl.py, ca.py)) > 0 THEN 0.9
                        WHEN len(list_intersect(cl.pyb, ca.pyb)) > 0 THEN 0.7
                        ELSE 0.0 END) / max(length(x.lname)) AS sim,
               count(*) FILTER (x.lname[x.i] <> x.aname[x.i]
                                AND len(list_intersect(cl.py, ca.py)) > 0) AS homophones,
               count(*) FILTER (x.lname[x.i] <> x.aname[x.i]
                                AND len(list_intersect(cl.py, ca.py)) = 0
                                AND len(list_intersect(cl.pyb, ca.pyb)) > 0) AS near_homophones
        FROM chars_cmp x
        LEFT JOIN chars cl ON cl.ch = x.lname[x.i]
        LEFT JOIN chars ca ON ca.ch = x.aname[x.i]
        GROUP BY x.lname, x.aname
        """
    )
    # Evidence points: birth date equal (the block) 0.45, name 0.35 × similarity, sex 0.10
    # (0.05 unknown; a contradiction vetoes), region 0.10 for the same county (0.05 unknown
    # or same city only), and +0.15 when an invalid ID still differs from the archive's in at
    # most two places (a typo'd number).
    con.execute(
        """
        CREATE TABLE scored AS
        SELECT *, least(1.0, 0.45 + 0.35 * sim + sex_pts + region_pts + id_pts) AS score
        FROM (
            SELECT p.*,
                   coalesce(ns.sim, 0.9 * (1 - levenshtein(p.lname, p.aname)
                            / greatest(length(p.lname), length(p.aname)))) AS sim,
                   coalesce(ns.homophones, 0) AS homophones,
                   coalesce(ns.near_homophones, 0) AS near_homophones,
                   CASE WHEN p.lsex IS NULL OR p.asex IS NULL OR p.asex = '' THEN 0.05
                        WHEN p.lsex = p.asex THEN 0.10 ELSE -1.0 END AS sex_pts,
                   CASE WHEN p.lregion = '' OR p.aregion IS NULL THEN 0.05
                        WHEN p.lregion = p.aregion THEN 0.10 ELSE 0.05 END AS region_pts,
                   CASE WHEN length(p.s) = 18 AND hamming(p.s, p.id18) <= 2 THEN 0.15
                        ELSE 0.0 END AS id_pts,
                   CASE WHEN length(p.s) = 18 THEN hamming(p.s, p.id18) END AS id_diff
            FROM pairs p LEFT JOIN name_sim ns ON ns.lname = p.lname AND ns.aname = p.aname
        )
        """
    )
    # Only the best candidates of each list row are worth a caseworker's time; ties stay
    # (and say so in the evidence), a crowd of equals does not.
    con.execute(
        f"""
        CREATE TABLE fuzzy_hits AS
        SELECT * FROM (
            SELECT *, count(*) OVER (PARTITION BY r, score) AS tied,
                   rank() OVER (PARTITION BY r ORDER BY score DESC) AS place
            FROM scored WHERE score >= {float(threshold)}
        ) WHERE place = 1 AND tied <= 3
        """
    )
    lap("scoring")
    row = con.execute(
        "SELECT (SELECT count(*) FROM cand), (SELECT count(*) FROM pairs), (SELECT count(*) FROM chars)"
    ).fetchone()
    assert row is not None
    return {"fuzzy_candidates": row[0], "fuzzy_pairs": row[1], "distinct_name_chars": row[2]}


def _collect(con: duckdb.DuckDBPyConnection, first_row: int) -> pa.Table:
    """Both kinds of hit as one flags table with JSON evidence (IDs masked)."""
    masked_list = "CASE WHEN length(s) > 10 THEN s[1:6] || repeat('*', length(s) - 10) || s[-4:] ELSE repeat('*', length(s)) END"
    masked_arch = "id18[1:6] || '********' || id18[-4:]"
    con.execute(
        f"""
        CREATE TABLE flags AS
        SELECT person_id, household_id, county_code, r + {int(first_row)} AS list_row,
               'exact_id' AS method, 1.0 AS score,
               json_object('list_id', {masked_list}, 'archive_id', {masked_arch},
                           'id_form', CASE WHEN id_status = 'valid15' THEN '15位转换'
                                           WHEN cleaned THEN '已规范化' ELSE '18位' END,
                           'list_name', list_name, 'archive_name', archive_name,
                           'name_agrees', list_name IS NULL OR list_name = archive_name,
                           'list_birth_date', birth_raw, 'fact_date', fact_date, 'value', value
               ) AS evidence
        FROM exact_hits
        UNION ALL
        SELECT person_id, household_id, county_code, r + {int(first_row)} AS list_row,
               'fuzzy' AS method, round(score, 3) AS score,
               json_object('list_id', {masked_list}, 'archive_id', {masked_arch},
                           'list_name', lname, 'archive_name', aname,
                           'name_similarity', round(sim, 3), 'homophones', homophones,
                           'near_homophones', near_homophones,
                           'birth_date', CAST(birth AS VARCHAR),
                           'sex', CASE WHEN sex_pts > 0.05 THEN '一致' WHEN sex_pts > 0 THEN '未知' ELSE '不一致' END,
                           'region', CASE WHEN region_pts >= 0.1 THEN '同县' WHEN lregion = '' THEN '未知' ELSE '同市' END,
                           'id_differences', id_diff, 'tied_candidates', tied,
                           'fact_date', fact_date, 'value', value
               ) AS evidence
        FROM fuzzy_hits
        """
    )
    return con.sql("SELECT * FROM flags ORDER BY list_row, person_id").to_arrow_table()


def _unmatched(con: duckdb.DuckDBPyConnection, first_row: int, regions: list[str]) -> pa.Table:
    """List rows with a valid ID matching no archived person, whose region (the list's region
    column, else the ID's first six digits) is one of ``regions``; one row per ID."""
    codes = ", ".join(sql_str(code) for code in regions if code.isdigit() and len(code) == 6)
    if not codes:
        codes = "NULL"
    return con.sql(
        f"""
        SELECT min(rowid) + {int(first_row)} AS list_row, n AS id17, any_value(name) AS name,
               any_value(sex_raw) AS sex_raw, any_value(region) AS region,
               any_value(fact_date) AS fact_date, any_value(value) AS value
        FROM (
            SELECT rowid, n, trim(name) AS name, trim(sex_raw) AS sex_raw, fact_date, value,
                   coalesce(nullif(regexp_extract(region_raw, '[0-9]{{6}}'), ''),
                            CAST(n // 100000000000 AS VARCHAR)) AS region
            FROM lst l
            WHERE id_status IN ('valid', 'valid15')
              AND NOT EXISTS (SELECT 1 FROM arch a WHERE a.n = l.n)
        )
        WHERE region IN ({codes})
        GROUP BY n ORDER BY list_row
        """
    ).to_arrow_table()


# The stages in the order they run (PostgreSQL's jsonb keeps keys in its own order).
STAGES = (
    "archive", "prepare", "read", "archive_wait", "exact", "fuzzy.candidates", "fuzzy.blocking",
    "fuzzy.pinyin", "fuzzy.scoring", "fuzzy", "collect", "write", "finish",
)  # fmt: skip


def ordered_timings(timings: dict[str, float]) -> list[tuple[str, float]]:
    """The run's stage times in the order the stages run."""
    rank = {stage: index for index, stage in enumerate(STAGES)}
    return sorted(timings.items(), key=lambda item: rank.get(item[0], len(rank)))


def evidence_dict(evidence: str | dict[str, Any]) -> dict[str, Any]:
    """Evidence as a dict whether it comes as JSON text (from the engine) or already parsed."""
    return json.loads(evidence) if isinstance(evidence, str) else evidence
