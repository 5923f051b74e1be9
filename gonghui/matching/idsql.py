"""The ID-number rules of GB 11643 in DuckDB SQL: normalise, convert 15→18, validate, key.

The same rules as gonghui.core.idnumbers (a property test holds them equal), written as
vectorised SQL so that ten million list rows never pass through Python one by one.
"""

from __future__ import annotations

from datetime import date

from gonghui.matching.listfile import Source, ident, sql_str

_CHECK_CHARS = "10X98765432"
_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_PROVINCES = [*range(11, 16), *range(21, 24), *range(31, 38), *range(41, 47)] + [
    *range(50, 55),
    *range(61, 66),
    71,
    81,
    82,
]
# Full-width digits and x/X become ASCII; spaces (ASCII, ideographic, no-break), tabs,
# zero-width characters and BOMs are deleted (translate drops "from" characters beyond "to").
_TRANSLATE_FROM = "０１２３４５６７８９ｘＸx" + " \u3000\u00a0\t\r\n\u200b\u200c\u200d\u2060\ufeff"
_TRANSLATE_TO = "0123456789" + "X" * 3  # ｘ, Ｘ and x all become X


def _id_sql() -> dict[str, str]:
    """SQL expressions normalising and validating the ID column ``raw``, once per row.

    The join key n is the first 17 digits of the canonical number as a BIGINT: a valid 18th
    character is determined by the first 17, and integers join and check far faster than text.
    Most IDs arrive clean, so the fast path casts the whole text to an integer: a number
    between 11e16 and 83e16 must also read back as the same text: DuckDB casts 3.50402E+17,
    3.504021975052E+17 and 350_402_… to integers too, and the number Excel made of an ID must
    never pass as a valid ID (about 1 in 11 rounded numbers passes the check digit as someone
    else's). Only the rest (X endings, full-width digits, spaces, 15 digits, garbage) pays for
    text normalisation.
    """
    norm = (
        f"upper(translate(coalesce(raw, ''), {sql_str(_TRANSLATE_FROM)}, {sql_str(_TRANSLATE_TO)}))"
    )
    range17 = "BETWEEN 11000000000000000 AND 82999999999999999"
    range18 = "BETWEEN 110000000000000000 AND 829999999999999999"
    # 15-digit first-generation numbers become 17 digits by inserting "19" before the year.
    slow_n = (
        "CASE WHEN length(s) = 18 AND regexp_full_match(s, '[0-9]{17}[0-9X]') "
        "THEN TRY_CAST(s[1:17] AS BIGINT) "
        "WHEN length(s) = 15 AND regexp_full_match(s, '[0-9]{15}') "
        "THEN TRY_CAST(s[1:6] || '19' || s[7:15] AS BIGINT) END"
    )
    slow_a18 = (
        "CASE WHEN length(s) = 18 THEN (CASE WHEN s[18] = 'X' THEN 10 "
        "ELSE TRY_CAST(s[18] AS BIGINT) END) END"
    )
    weighted = " + ".join(
        f"((n // {10 ** (16 - i)}) % 10) * {weight}" for i, weight in enumerate(_WEIGHTS)
    )
    # Province codes as two bit masks indexed by the first two digits (cheaper than IN or a
    # list look-up per row).
    low = sum(1 << code for code in _PROVINCES if code < 60)
    high = sum(1 << (code - 60) for code in _PROVINCES if code >= 60)
    province = f"(CASE WHEN p < 60 THEN ({low} >> p) & 1 ELSE ({high} >> (p - 60)) & 1 END) = 1"
    today = int(date.today().strftime("%Y%m%d"))
    # Calendar check in integers (string date parsing costs more than the whole join).
    month_days = (
        "CASE WHEN m = 2 THEN (CASE WHEN (y % 4 = 0 AND y % 100 <> 0) OR y % 400 = 0 "
        "THEN 29 ELSE 28 END) WHEN m IN (4, 6, 9, 11) THEN 30 ELSE 31 END"
    )
    # GB 11643: the weighted sum of all 18 characters (X = 10, weight 1) is 1 modulo 11.
    valid = (
        f"n {range17} AND {province} "
        f"AND ymd BETWEEN 18500101 AND {today} AND m BETWEEN 1 AND 12 "
        f"AND d BETWEEN 1 AND {month_days} "
        f"AND (a18 IS NULL OR ({weighted} + a18) % 11 = 1)"
    )
    return {
        "norm": norm,
        "range17": range17,
        "range18": range18,
        "slow_n": slow_n,
        "slow_a18": slow_a18,
        "valid": valid,
    }


def select_list_sql(source: Source, mapping: dict[str, str]) -> str:
    """SELECT turning the raw list into normalised columns, one output row per input row."""
    ids = _id_sql()
    return f"""
        SELECT s, cleaned, n,
               CASE WHEN n IS NULL THEN (CASE WHEN s = '' THEN 'missing' ELSE 'invalid' END)
                    WHEN {ids["valid"]} THEN (CASE WHEN a18 IS NULL THEN 'valid15' ELSE 'valid' END)
                    ELSE 'invalid' END AS id_status,
               name, birth_raw, sex_raw, region_raw, fact_date, value
        FROM (
            SELECT *, ymd // 10000 AS y, ymd // 100 % 100 AS m, ymd % 100 AS d,
                   (n // 1000000000000000)::INTEGER AS p
            FROM (
                SELECT *, n // 1000 % 100000000 AS ymd
                FROM (
                    SELECT * EXCLUDE (raw, n18, path, s0),
                           CASE path WHEN 1 THEN n18 // 10 WHEN 2 THEN TRY_CAST(raw[1:17] AS BIGINT)
                                ELSE {ids["slow_n"]} END AS n,
                           CASE path WHEN 1 THEN n18 % 10 WHEN 2 THEN 10
                                ELSE {ids["slow_a18"]} END AS a18,
                           CASE WHEN path = 0 THEN s <> coalesce(upper(trim(raw)), '')
                                ELSE false END AS cleaned
                    FROM (
                        SELECT *, CASE path WHEN 0 THEN {ids["norm"]} ELSE raw END AS s
                        FROM (
                            SELECT *,
                                   CASE WHEN n18 {ids["range18"]}
                                             AND CAST(n18 AS VARCHAR) = trim(raw) THEN 1
                                        WHEN s0 AND TRY_CAST(raw[1:17] AS BIGINT) {ids["range17"]}
                                             AND regexp_full_match(raw, '[0-9]{{17}}X') THEN 2
                                        ELSE 0 END AS path
                            FROM (
                                SELECT *, TRY_CAST(raw AS BIGINT) AS n18,
                                       length(raw) = 18 AND suffix(raw, 'X') AS s0
                                FROM (
                                    SELECT {_col(mapping, "id")} AS raw,
                                           {_col(mapping, "name")} AS name,
                                           {_col(mapping, "birth_date")} AS birth_raw,
                                           {_col(mapping, "sex")} AS sex_raw,
                                           {_col(mapping, "region")} AS region_raw,
                                           {_col(mapping, "fact_date")} AS fact_date,
                                           {_col(mapping, "value")} AS value
                                    FROM {source.relation_sql}
                                )
                            )
                        )
                    )
                )
            )
        )
    """


def _col(mapping: dict[str, str], key: str) -> str:
    """The quoted source column for a field, or a typed NULL when the field is not mapped."""
    header = mapping.get(key)
    return f"CAST({ident(header)} AS VARCHAR)" if header else "CAST(NULL AS VARCHAR)"
