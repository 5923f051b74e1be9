"""Benchmark of data comparison (数据比对): 1,000,000 archived persons against a 10,000,000-row list.

The data are generated (in DuckDB, into a temp dir, never committed) at ``args.scale``:
- the archive: persons of 12 Sanming counties, ~3 per household, valid 18-digit IDs;
- the list (CSV, as uploaded): 1% of rows are archived persons with their ID (some typed
  full-width, lower-case x or with spaces); 20,000 archived persons whose ID is a 15-digit
  first-generation number (40%), missing (30%) or mistyped (30%), a third of them with a
  one-character name error (two thirds of the errors homophones such as 张伟/章伟, 李娜/李纳);
  the rest are other people, drawn from the same name, birth-date and region distributions
  (so namesakes born on the same day exist), 0.5% of them with a missing or invalid ID.

Measured: the engine's whole run (list file → flags written to Parquet) in a fresh process
(so peak memory is the run's own), per-stage times, recall and precision of exact and fuzzy
flags against the generated truth, and the same exact join done bare in DuckDB SQL (and by
pandas when installed) as ratios.

Then the whole run as the app does it (bench/matching_app.py), on SQLite and on PostgreSQL when
BENCH_PG_URL is set: the archive stored as the app stores it (households with heads and
members, IDs encrypted with blind index; built untimed), then `manage.py compare list.csv
--kind deceased` in a process of its own under /usr/bin/time -v: archive read from the
database and decrypted, DuckDB, flags written, audit. Reported: wall time of the process,
its stage times, its peak memory, recall/precision of the flags in the database, the ratios to
the bare DuckDB join and the pandas merge, and `uptime` (the machine may be shared).
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import resource
import tempfile
import time
from pathlib import Path
from queue import Empty
from typing import Any

COUNTIES = [
    "350402",
    "350403",
    "350421",
    "350423",
    "350424",
    "350425",
    "350426",
    "350427",
    "350428",
    "350429",
    "350430",
    "350481",
]
OTHER_REGIONS = ["350102", "350103", "350203", "350305", "350502", "350602", "350702", "350802"]
# Surnames repeated by rough frequency (a uniform pick then follows the real skew).
SURNAMES = (
    "王" * 8
    + "李" * 8
    + "张" * 7
    + "刘" * 6
    + "陈" * 6
    + "杨" * 4
    + "黄" * 4
    + "赵" * 3
    + "吴" * 3
    + "周" * 3
    + "徐" * 2
    + "孙" * 2
    + "马" * 2
    + "朱" * 2
    + "胡" * 2
    + "郭" * 2
    + "何" * 2
    + "高" * 2
    + "林" * 3
    + "罗" * 2
    + "郑" * 2
    + "梁"
    + "谢"
    + "宋"
    + "唐"
    + "许"
    + "韩"
    + "冯"
    + "邓"
    + "曹"
    + "彭"
    + "曾"
    + "肖"
    + "田"
    + "董"
    + "袁"
    + "潘"
    + "于"
    + "蒋"
    + "蔡"
)
GIVEN = (
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰红建文斌辉峰林成俊婷梅琴云莲"
    "志国庆春燕晓东海波宇鹏飞龙凤金水长永福荣祥德清发生光天新"
)
# One-character errors that sound the same (tone-less pinyin), as typed from a dictation.
HOMOPHONES = {
    "张": "章",
    "伟": "玮炜韦",
    "娜": "纳那",
    "李": "理里",
    "静": "晶菁",
    "军": "君均骏",
    "敏": "民",
    "丽": "莉立",
    "磊": "垒",
    "洋": "阳扬",
    "艳": "燕彦",
    "勇": "永咏",
    "杰": "洁捷",
    "涛": "韬滔",
    "明": "鸣铭",
    "超": "朝",
    "秀": "绣修",
    "霞": "侠",
    "平": "萍苹",
    "刚": "钢纲",
    "桂": "贵",
    "英": "鹰瑛",
    "华": "桦",
    "玉": "钰宇",
    "兰": "蓝岚",
    "红": "宏鸿",
    "建": "健剑",
    "文": "雯闻",
    "斌": "彬宾",
    "辉": "晖",
    "峰": "锋丰",
    "林": "琳霖",
    "成": "城诚",
    "俊": "骏峻",
    "婷": "亭庭",
    "梅": "玫",
    "琴": "勤芹",
    "云": "芸",
    "莲": "连",
    "王": "汪",
    "黄": "皇",
    "陈": "晨",
    "刘": "柳",
    "杨": "扬",
    "吴": "武",
    "周": "舟",
    "徐": "许",
    "朱": "珠",
    "胡": "湖",
    "郭": "国",
    "何": "和",
    "林 ": "",
    "罗": "萝",
    "郑": "正",
    "宋": "颂",
    "唐": "棠",
    "韩": "寒",
    "冯": "逢",
    "彭": "蓬",
    "曾": "增",
    "肖": "萧",
    "田": "甜",
    "袁": "源",
    "潘": "攀",
    "蒋": "江",
    "蔡": "菜",
    "芳": "方",
    "国": "果",
    "庆": "青",
    "春": "纯",
    "燕": "艳",
    "东": "冬",
    "海": "亥",
    "波": "博",
    "宇": "雨",
    "鹏": "朋",
    "飞": "菲",
    "龙": "隆",
    "凤": "峰",
    "金": "今",
    "水": "税",
    "长": "常",
    "永": "勇",
    "福": "富",
    "荣": "容",
    "祥": "翔",
    "德": "得",
    "清": "青",
    "发": "法",
    "生": "升",
    "光": "广",
    "天": "添",
    "新": "欣",
    "志": "智",
    "晓": "小",
    "娟": "鹃",
}
HOMOPHONES = {k.strip(): v for k, v in HOMOPHONES.items() if k.strip() and v}

LIST_COLUMNS = {
    "id": "身份证号",
    "name": "姓名",
    "sex": "性别",
    "birth_date": "出生日期",
    "region": "户籍地",
    "fact_date": "登记日期",
    "value": "金额",
}


def _macros(con: Any) -> None:
    """SQL helpers for the generator (its own check-character code, independent of the engine)."""
    con.execute(
        "CREATE MACRO chk(f) AS '10X98765432'[(list_sum(list_transform(range(17), "
        "lambda i: (ascii(f[i + 1]) - 48) * [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2][i + 1]"
        "))::INT % 11) + 1]"
    )
    con.execute(f"CREATE MACRO surname(x) AS '{SURNAMES}'[1 + floor(x * {len(SURNAMES)})::INT]")
    con.execute(f"CREATE MACRO given(x) AS '{GIVEN}'[1 + floor(x * {len(GIVEN)})::INT]")
    keys = "".join(HOMOPHONES)
    values = ", ".join(f"'{v}'" for v in HOMOPHONES.values())
    con.execute(f"CREATE MACRO homo_keys() AS '{keys}'")
    con.execute(f"CREATE MACRO homo_values() AS [{values}]")


def generate(work: Path, scale: float, seed: float = 0.42) -> dict[str, Any]:
    """Write archive.parquet and list.csv into ``work``; return sizes and the truth tables."""
    import duckdb

    n_archive = max(1000, int(1_000_000 * scale))
    n_list = max(10_000, int(10_000_000 * scale))
    n_exact = int(n_list * 0.01)
    n_idless = max(100, int(20_000 * scale))
    con = duckdb.connect(str(work / "gen.duckdb"), config={"threads": 2, "memory_limit": "3GB"})
    con.execute("SET enable_progress_bar = false")
    con.execute(f"SELECT setseed({seed})")
    _macros(con)
    counties = "[" + ", ".join(f"'{c}'" for c in COUNTIES) + "]"
    others = "[" + ", ".join(f"'{c}'" for c in OTHER_REGIONS) + "]"
    # Archive: region, sex, birth date; the sequence number is unique within (region, birth
    # date) and below 500, so generated outsiders (500–999) can never share an ID.
    con.execute(
        f"""
        CREATE TABLE arch AS
        WITH base AS (
            SELECT i AS person_id, i // 3 AS household_id,
                   {counties}[1 + (hash(i, 1) % 12)::INT] AS county_code,
                   DATE '1935-01-01' + ((hash(i, 2) % 25550)::INT) AS birth_date,
                   CASE WHEN hash(i, 3) % 2 = 0 THEN 'M' ELSE 'F' END AS sex,
                   surname(random()) || given(random())
                       || CASE WHEN random() < 0.55 THEN given(random()) ELSE '' END AS name
            FROM range({n_archive}) t(i)
        ), seq AS (
            SELECT *, row_number() OVER (PARTITION BY county_code, birth_date ORDER BY person_id) AS k
            FROM base
        )
        SELECT person_id, household_id, county_code, name, birth_date, sex,
               county_code AS region, f || chk(f) AS id18
        FROM (
            SELECT *, county_code || strftime(birth_date, '%Y%m%d')
                      || lpad(CAST(k * 2 + CASE WHEN sex = 'M' THEN 1 ELSE 0 END AS VARCHAR), 3, '0') AS f
            FROM seq
        )
        """
    )
    con.execute(f"COPY arch TO '{work / 'archive.parquet'}' (FORMAT parquet)")
    # Truths: distinct archived persons, the first n_exact listed with their ID, the next
    # n_idless without a usable one.
    con.execute(
        f"""
        CREATE TABLE picks AS
        SELECT *, row_number() OVER () AS j FROM (
            SELECT * FROM arch ORDER BY hash(person_id, 7) LIMIT {n_exact + n_idless}
        )
        """
    )
    con.execute(
        f"""
        CREATE TABLE truth_rows AS
        SELECT person_id, sex, birth_date, region, kind, id_text,
               CASE WHEN err = 'homophone'
                        THEN name[:p - 1] || hv[1 + (hash(person_id, 10) % length(hv))::INT] || name[p + 1:]
                    WHEN err = 'other' THEN name[:p - 1] || oc || name[p + 1:]
                    ELSE name END AS list_name,
               err AS name_error
        FROM (
            SELECT *,
                   -- A third of the ID-less truths carry a one-character name error; two
                   -- thirds of those are homophones where the character has one.
                   CASE WHEN j > {n_exact} AND j % 3 = 0 THEN
                        CASE WHEN j % 9 <> 6 AND hv IS NOT NULL THEN 'homophone' ELSE 'other' END
                        ELSE 'none' END AS err
            FROM (
                SELECT *,
                       CASE WHEN strpos(homo_keys(), name[p]) > 0
                            THEN homo_values()[strpos(homo_keys(), name[p])] END AS hv,
                       CASE WHEN given(hash(person_id, 11) % 1000 / 1000.0) = name[p] THEN '某'
                            ELSE given(hash(person_id, 11) % 1000 / 1000.0) END AS oc
                FROM (
                    SELECT *, 1 + (hash(person_id, 9) % length(name))::INT AS p,
                           CASE WHEN j <= {n_exact} THEN 'exact'
                                -- 15-digit numbers were issued only to people born before 2000.
                                WHEN (j - {n_exact}) % 10 < 4 AND birth_date < DATE '2000-01-01' THEN 'id15'
                                WHEN (j - {n_exact}) % 10 < 7 THEN 'missing'
                                ELSE 'typo' END AS kind,
                           -- The ID as typed: full-width, lower-case x or spaces for some.
                           CASE WHEN j <= {n_exact} THEN (
                                    CASE WHEN j % 20 = 0
                                             THEN translate(id18, '0123456789X', '０１２３４５６７８９Ｘ')
                                         WHEN j % 20 = 1 THEN lower(id18)
                                         WHEN j % 20 = 2 THEN ' ' || id18[1:6] || ' ' || id18[7:] || ' '
                                         ELSE id18 END)
                                WHEN (j - {n_exact}) % 10 < 4 AND birth_date < DATE '2000-01-01'
                                    THEN id18[1:6] || id18[9:17]
                                WHEN (j - {n_exact}) % 10 < 7 THEN ''
                                ELSE id18[1:9]
                                     || CAST((CAST(id18[10] AS INT) + 1 + (j % 8)) % 10 AS VARCHAR)
                                     || id18[11:]
                           END AS id_text
                    FROM picks
                )
            )
        )
        """
    )
    n_noise = n_list - n_exact - n_idless
    con.execute(
        f"""
        CREATE TABLE noise AS
        WITH base AS (
            SELECT i,
                   CASE WHEN hash(i, 21) % 2 = 0 THEN {counties}[1 + (hash(i, 22) % 12)::INT]
                        ELSE {others}[1 + (hash(i, 22) % 8)::INT] END AS region,
                   DATE '1935-01-01' + ((hash(i, 23) % 25550)::INT) AS birth_date,
                   CASE WHEN hash(i, 24) % 2 = 0 THEN 'M' ELSE 'F' END AS sex,
                   surname(random()) || given(random())
                       || CASE WHEN random() < 0.55 THEN given(random()) ELSE '' END AS name,
                   500 + (hash(i, 25) % 250)::INT * 2 AS q
            FROM range({n_noise}) t(i)
        )
        SELECT i, region, birth_date, sex, name,
               CASE WHEN hash(i, 26) % 1000 < 3 THEN ''
                    WHEN hash(i, 26) % 1000 < 5 THEN f || CASE WHEN chk(f) = '0' THEN '1' ELSE '0' END
                    ELSE f || chk(f) END AS id_text
        FROM (
            SELECT *, region || strftime(birth_date, '%Y%m%d')
                      || CAST(q + CASE WHEN sex = 'M' THEN 1 ELSE 0 END AS VARCHAR) AS f
            FROM base
        )
        """
    )
    con.execute(
        """
        CREATE TABLE list AS
        SELECT row_number() OVER (ORDER BY key) + 1 AS list_row, * EXCLUDE (key) FROM (
            SELECT hash(person_id, 31) AS key, person_id, kind, name_error, id_text, list_name AS name,
                   sex, birth_date, region
            FROM truth_rows
            UNION ALL
            SELECT hash(i, 32), NULL, 'noise', 'none', id_text, name, sex, birth_date, region
            FROM noise
        )
        """
    )
    columns = LIST_COLUMNS
    con.execute(
        f"""
        COPY (
            SELECT id_text AS "{columns["id"]}", name AS "{columns["name"]}",
                   CASE WHEN sex = 'M' THEN '男' ELSE '女' END AS "{columns["sex"]}",
                   strftime(birth_date, '%Y-%m-%d') AS "{columns["birth_date"]}",
                   region AS "{columns["region"]}",
                   '2018-0' || (1 + list_row % 6) || '-15' AS "{columns["fact_date"]}",
                   CAST(list_row % 5000 AS VARCHAR) AS "{columns["value"]}"
            FROM list ORDER BY list_row
        ) TO '{work / "list.csv"}' (HEADER, DELIMITER ',')
        """
    )
    con.execute(
        f"COPY (SELECT list_row, person_id, kind, name_error FROM list WHERE person_id IS NOT NULL) "
        f"TO '{work / 'truth.parquet'}' (FORMAT parquet)"
    )
    con.close()
    (work / "gen.duckdb").unlink()
    return {"archive": n_archive, "list": n_list, "exact": n_exact, "idless": n_idless}


def _peak_rss_mb(usage: resource.struct_rusage) -> float:
    """This process's peak resident memory. On Linux VmHWM, because ru_maxrss survives the
    exec of a spawned child and would report the generator parent's peak instead."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return usage.ru_maxrss / 1024


def _engine_child(work: str, queue: Any) -> None:
    """Run the engine in a fresh process and send back counts, timings, time and peak memory."""
    import pyarrow.parquet as pq

    from gonghui.matching import engine

    started = time.perf_counter()
    result = engine.run(
        Path(work) / "archive.parquet",
        Path(work) / "list.csv",
        dict(LIST_COLUMNS),
        config=engine.EngineConfig(temp_directory=work),
    )
    pq.write_table(result.flags, Path(work) / "flags.parquet")
    elapsed = time.perf_counter() - started
    usage = resource.getrusage(resource.RUSAGE_SELF)
    queue.put(
        {
            "elapsed": elapsed,
            "cpu": usage.ru_utime + usage.ru_stime,
            "peak_mb": _peak_rss_mb(usage),
            "counts": result.counts,
            "timings": result.timings,
        }
    )


def _bare_duckdb(work: Path) -> tuple[float, int]:
    """The same exact join with no normalisation or validation, in bare DuckDB SQL."""
    import duckdb

    con = duckdb.connect(config={"threads": 2, "memory_limit": "3GB"})
    con.execute("SET enable_progress_bar = false")
    started = time.perf_counter()
    count = con.execute(
        f"""
        SELECT count(*) FROM read_csv('{work / "list.csv"}', header = true, all_varchar = true) l
        JOIN read_parquet('{work / "archive.parquet"}') a ON l."{LIST_COLUMNS["id"]}" = a.id18
        """
    ).fetchone()[0]  # type: ignore[index]
    elapsed = time.perf_counter() - started
    con.close()
    return elapsed, count


def _bare_pandas(work: Path) -> tuple[float, int] | None:
    """The same exact join as a pandas merge, or None when pandas is not installed."""
    try:
        import pandas as pd  # type: ignore[import-not-found]
    except ImportError:
        return None
    started = time.perf_counter()
    listed = pd.read_csv(work / "list.csv", dtype=str, usecols=[LIST_COLUMNS["id"]])
    archive = pd.read_parquet(work / "archive.parquet", columns=["id18", "person_id"])
    merged = listed.merge(archive, left_on=LIST_COLUMNS["id"], right_on="id18")
    return time.perf_counter() - started, len(merged)


def _quality(work: Path, flags_file: str = "flags.parquet") -> dict[str, Any]:
    """Recall and precision of exact and fuzzy flags against the generated truth."""
    import duckdb

    con = duckdb.connect()
    flags = f"read_parquet('{work / flags_file}')"
    truth = f"read_parquet('{work / 'truth.parquet'}')"
    out: dict[str, Any] = {}
    for method, kinds in (("exact_id", "('exact', 'id15')"), ("fuzzy", "('missing', 'typo')")):
        found, flagged, true_flags = con.execute(
            f"""
            SELECT
              (SELECT count(*) FROM {truth} t WHERE t.kind IN {kinds} AND EXISTS (
                 SELECT 1 FROM {flags} f WHERE f.list_row = t.list_row AND f.person_id = t.person_id
                 AND f.method = '{method}')),
              (SELECT count(*) FROM {flags} WHERE method = '{method}'),
              (SELECT count(*) FROM {flags} f JOIN {truth} t
                 ON f.list_row = t.list_row AND f.person_id = t.person_id WHERE f.method = '{method}')
            """
        ).fetchone()  # type: ignore[misc]
        total = con.execute(f"SELECT count(*) FROM {truth} WHERE kind IN {kinds}").fetchone()[0]  # type: ignore[index]
        out[method] = {
            "truths": total,
            "found": found,
            "flags": flagged,
            "recall": found / total if total else 1.0,
            "precision": true_flags / flagged if flagged else 1.0,
        }
    out["fuzzy_by_error"] = con.execute(
        f"""
        SELECT t.name_error, count(*), count(f.person_id) FROM {truth} t
        LEFT JOIN {flags} f ON f.list_row = t.list_row AND f.person_id = t.person_id
        WHERE t.kind IN ('missing', 'typo') GROUP BY 1 ORDER BY 1
        """
    ).fetchall()
    con.close()
    return out


def run(args: argparse.Namespace) -> list[str]:
    """Generate, run the engine in a fresh process, compare, and return the result lines."""
    scale = float(getattr(args, "scale", 1.0))
    lines: list[str] = []
    with tempfile.TemporaryDirectory(prefix="bench-matching-") as tmp:
        work = Path(tmp)
        started = time.perf_counter()
        sizes = generate(work, scale)
        size_mb = (work / "list.csv").stat().st_size / 1024**2
        lines.append(
            f"生成数据：档案 {sizes['archive']:,} 人，名单 {sizes['list']:,} 行（CSV {size_mb:.0f} MB），"
            f"身份证号精确真值 {sizes['exact']:,}，无有效身份证号真值 {sizes['idless']:,}"
            f"（用时 {time.perf_counter() - started:.1f} 秒，不计入）"
        )
        context = multiprocessing.get_context("spawn")
        queue = context.Queue()
        child = context.Process(target=_engine_child, args=(str(work), queue))
        child.start()
        report = None
        while report is None:
            try:
                report = queue.get(timeout=1.0)
            except Empty:
                if not child.is_alive():
                    lines.append(f"比对进程异常退出（退出码 {child.exitcode}）")
                    return lines
        child.join()
        counts, timings = report["counts"], report["timings"]
        lines.append(
            f"比对全程（文件 → 标记写出）：{report['elapsed']:.2f} 秒；峰值内存 {report['peak_mb']:.0f} MB"
            f"（目标：全规模 < 20 秒、< 4096 MB）"
        )
        load = os.getloadavg()[0]
        lines.append(
            f"CPU 时间 {report['cpu']:.2f} 秒（两核独占时的墙钟下限约 {report['cpu'] / 2:.1f} 秒）；"
            f"运行时系统负载 {load:.1f}（2 核）"
        )
        lines.append("各阶段：" + "，".join(f"{k} {v:.2f}s" for k, v in timings.items()))
        lines.append("计数：" + "，".join(f"{k}={v:,}" for k, v in counts.items()))
        quality = _quality(work)
        for method, label in (("exact_id", "身份证号精确"), ("fuzzy", "姓名+出生日期模糊")):
            q = quality[method]
            lines.append(
                f"{label}：真值 {q['truths']:,}，找到 {q['found']:,}，标记 {q['flags']:,}，"
                f"召回率 {q['recall']:.2%}，准确率 {q['precision']:.2%}"
            )
        lines.append(
            "模糊真值按姓名错误："
            + "，".join(f"{e} {f}/{t}" for e, t, f in quality["fuzzy_by_error"])
        )
        bare_time, bare_count = _bare_duckdb(work)
        lines.append(
            f"裸 DuckDB SQL 精确连接（不规范化、不校验）：{bare_time:.2f} 秒，{bare_count:,} 条；"
            f"比对全程 / 裸连接 = {report['elapsed'] / bare_time:.1f} 倍"
        )
        pandas_result = _bare_pandas(work)
        if pandas_result is None:
            lines.append("pandas 未安装，跳过")
        else:
            lines.append(
                f"pandas merge：{pandas_result[0]:.2f} 秒，{pandas_result[1]:,} 条；"
                f"比对全程 / pandas = {report['elapsed'] / pandas_result[0]:.2f} 倍"
            )
        pandas_time = pandas_result[0] if pandas_result else None
        lines.extend(_app_runs(work, tmp, bare_time, pandas_time))
    return lines


def _app_runs(work: Path, tmp: str, bare_time: float, pandas_time: float | None) -> list[str]:
    """The whole run as the app does it (`manage.py compare`: archive read from the database
    and decrypted, engine, flags written, audit), on SQLite and PostgreSQL (BENCH_PG_URL)."""
    import subprocess
    import sys

    from bench import matching_app
    from bench.common import databases, run_child
    from gonghui.matching.engine import ordered_timings

    lines: list[str] = []
    root = Path(__file__).resolve().parent.parent
    for label, env in databases(tmp, "matching"):
        loaded, error = run_child("bench.matching_app", ["load", str(work)], env)
        if error:
            lines.append(f"{label} 建库: {error}")
            continue
        lines.append(
            f"{label}：档案入库 {loaded['households']:,} 户 {loaded['persons']:,} 人"
            f"（加密与盲索引 {loaded['crypto_s']} 秒，建库共 {loaded['build_s']} 秒，不计入）"
        )
        command = matching_app.compare_command(work, "deceased")
        uptime = subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()
        started = time.perf_counter()
        done = subprocess.run(
            command, env=env, cwd=root, capture_output=True, text=True, check=False
        )
        wall = time.perf_counter() - started
        if done.returncode != 0:
            lines.append(f"  比对命令失败：{done.stderr.strip().splitlines()[-3:]}")
            continue
        peak = matching_app.peak_rss_mb(done.stderr)
        result, error = run_child("bench.matching_app", ["flags", str(work)], env)
        if error:
            lines.append(f"  读取结果失败：{error}")
            continue
        shown = " ".join(c for c in command if c != sys.executable)
        lines.append(f"  命令：DATABASE_URL=… {shown}")
        lines.append(
            f"  全程（进程启动 → 读档解密 → DuckDB → 写入疑点 → 审计）：{wall:.2f} 秒；"
            f"峰值内存（整个进程）{f'{peak:.0f} MB' if peak else '未知'}"
            f"（目标 < 20 秒、< 4096 MB）；uptime: {uptime}"
        )
        lines.append(
            "  各阶段：" + "，".join(f"{k} {v:.2f}s" for k, v in ordered_timings(result["timings"]))
        )
        lines.append(
            f"  写入疑点 {result['counts'].get('flags_written', 0):,} 条"
            f"（库中 {result['flags_in_db']:,} 条），审计记录 {result['audit_records']} 条"
        )
        quality = _quality(work, "app_flags.parquet")
        for method, name in (("exact_id", "身份证号精确"), ("fuzzy", "姓名+出生日期模糊")):
            q = quality[method]
            lines.append(
                f"  {name}：召回率 {q['recall']:.2%}（{q['found']:,}/{q['truths']:,}），"
                f"准确率 {q['precision']:.2%}（标记 {q['flags']:,}）"
            )
        ratio = f"全程 / 裸 DuckDB SQL = {wall / bare_time:.1f} 倍"
        if pandas_time:
            ratio += f"，全程 / pandas merge = {wall / pandas_time:.2f} 倍"
        lines.append("  " + ratio)
    return lines
