"""Chinese resident identity card numbers (GB 11643-1999): normalise, validate, inspect, mask.

Pure Python on purpose (no Django import) so that import scripts, demo-data generators and
tests can use it without configured settings.
"""

import re
from datetime import date

__all__ = [
    "IdNumberError",
    "birth_date",
    "check_char",
    "convert_15_to_18",
    "is_valid",
    "looks_like_excel_number",
    "mask",
    "normalize",
    "region_code",
    "sex",
    "validate",
]

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK_CHARS = "10X98765432"

# Province-level codes of GB/T 2260 (incl. 71 Taiwan, 81 Hong Kong, 82 Macao). Only the first
# two digits are checked: numbers issued in districts that were later merged or renamed
# (e.g. 350402 梅列区) stay valid for life, so the full 6-digit code need not exist today.
_PROVINCES = frozenset(
    [*range(11, 16), *range(21, 24), *range(31, 38), *range(41, 47)]
    + [*range(50, 55), *range(61, 66), 71, 81, 82]
)

EARLIEST_BIRTH_DATE = date(1850, 1, 1)

# re.ASCII because str.isdigit() and \d would otherwise accept e.g. Arabic-Indic digits.
_RE_17_DIGITS = re.compile(r"[0-9]{17}", re.ASCII)
_RE_15_DIGITS = re.compile(r"[0-9]{15}", re.ASCII)
_RE_18 = re.compile(r"[0-9]{17}[0-9X]", re.ASCII)
# What Excel shows or writes for a long number: 3.50402E+17, 3.50402e17.
_RE_SCIENTIFIC = re.compile(r"[0-9]+(?:\.[0-9]+)?[eE][+]?[0-9]+", re.ASCII)

# Full-width ASCII (U+FF01..U+FF5E) maps to ASCII by a fixed offset; people type IDs with a
# Chinese IME in full-width mode. Zero-width space and BOM come along when pasting from
# spreadsheets or web pages, and are not caught by str.isspace().
_TO_HALF_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
_INVISIBLE = frozenset("\u200b\u200c\u200d\u2060\ufeff")


class IdNumberError(ValueError):
    """An ID number failed validation; ``str()`` is a Chinese message, ``code`` names the rule.

    Codes: "length", "chars", "region", "birth_date", "checksum".
    """

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def normalize(raw: str) -> str:
    """Remove all whitespace, convert full-width characters to ASCII and upper-case the x."""
    half = raw.translate(_TO_HALF_WIDTH)
    kept = "".join(ch for ch in half if not ch.isspace() and ch not in _INVISIBLE)
    return kept.replace("x", "X")


def check_char(first17: str) -> str:
    """Return the GB 11643 check character ("0"-"9" or "X") for the first 17 digits."""
    if len(first17) != 17:
        raise IdNumberError("length", f"计算校验位需要17位数字，当前为{len(first17)}位")
    if not _RE_17_DIGITS.fullmatch(first17):
        raise IdNumberError("chars", "计算校验位的前17位只能包含数字")
    total = sum(int(digit) * weight for digit, weight in zip(first17, _WEIGHTS, strict=True))
    return _CHECK_CHARS[total % 11]


def convert_15_to_18(id15: str) -> str:
    """Convert a first-generation 15-digit number to 18 characters (birth year taken as 19YY)."""
    if len(id15) != 15:
        raise IdNumberError("length", f"15位身份证号码长度不正确，当前为{len(id15)}位")
    if not _RE_15_DIGITS.fullmatch(id15):
        raise IdNumberError("chars", "15位身份证号码含有非法字符，只能包含数字")
    # 15-digit numbers were only issued in the 20th century, hence the fixed "19".
    first17 = id15[:6] + "19" + id15[6:]
    return first17 + check_char(first17)


def validate(raw: str, *, today: date | None = None) -> str:
    """Return the canonical 18-character form of ``raw`` or raise IdNumberError saying why."""
    value = normalize(raw)
    if not value:
        raise IdNumberError("length", "身份证号码为空")
    if len(value) not in (15, 18):
        raise IdNumberError("length", f"身份证号码长度不是15位或18位（当前为{len(value)}位）")
    if len(value) == 15:
        if not _RE_15_DIGITS.fullmatch(value):
            raise IdNumberError("chars", "身份证号码含有非法字符：15位号码只能包含数字")
        # Only syntax is checked here; region and date are checked on the converted form so
        # both lengths share one set of rules and messages.
        value = convert_15_to_18(value)
    elif not _RE_18.fullmatch(value):
        raise IdNumberError(
            "chars", "身份证号码含有非法字符：前17位必须是数字，最后一位必须是数字或X"
        )

    if int(value[:2]) not in _PROVINCES:
        raise IdNumberError(
            "region", f"身份证号码地区码无效：前两位“{value[:2]}”不是有效的省级行政区划代码"
        )

    born = _parse_birth_date(value[6:14])
    if born is None:
        raise IdNumberError("birth_date", f"身份证号码出生日期无效：“{value[6:14]}”不是真实日期")
    latest = today if today is not None else date.today()
    if not EARLIEST_BIRTH_DATE <= born <= latest:
        raise IdNumberError(
            "birth_date",
            f"身份证号码出生日期无效：{born.isoformat()}不在"
            f"{EARLIEST_BIRTH_DATE.isoformat()}至{latest.isoformat()}之间",
        )

    expected = check_char(value[:17])
    if value[17] != expected:
        raise IdNumberError("checksum", f"身份证号码校验位错误，应为{expected}，实际为{value[17]}")
    return value


def is_valid(raw: str, *, today: date | None = None) -> bool:
    """Return True if ``raw`` is a valid 15- or 18-character ID number."""
    try:
        validate(raw, today=today)
    except IdNumberError:
        return False
    return True


def looks_like_excel_number(value: object) -> bool:
    """Whether an ID cell holds what Excel made of a number: a number cell (Excel keeps 15
    significant digits, so the last ones are lost) or text in scientific notation. Such a
    value must be refused, not repaired: about 1 in 11 still passes the check digit."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return True
    if type(value).__name__ == "Decimal":
        return True
    if not isinstance(value, str) or not any(e in value for e in "EeＥｅ"):
        return False  # the usual case, decided without normalising
    return bool(_RE_SCIENTIFIC.fullmatch(normalize(value)))


def birth_date(id18: str) -> date:
    """Return the date of birth encoded in a valid ID number."""
    value = validate(id18)
    # validate() has already proven the date parses, so the None branch cannot happen.
    born = _parse_birth_date(value[6:14])
    assert born is not None
    return born


def sex(id18: str) -> str:
    """Return "M" or "F" from the parity of the sequence code (odd = male, even = female)."""
    value = validate(id18)
    return "M" if int(value[16]) % 2 == 1 else "F"


def region_code(id18: str) -> str:
    """Return the 6-digit region code (GB/T 2260) of a valid ID number."""
    return validate(id18)[:6]


def mask(id18_or_any: str) -> str:
    """Mask everything but the first 6 and last 4 characters, keeping the length."""
    length = len(id18_or_any)
    # With 10 or fewer characters the first 6 + last 4 would reveal everything, so hide all.
    if length <= 10:
        return "*" * length
    return id18_or_any[:6] + "*" * (length - 10) + id18_or_any[-4:]


def _parse_birth_date(yyyymmdd: str) -> date | None:
    """Parse an 8-digit YYYYMMDD string, returning None if it is not a calendar date."""
    try:
        return date(int(yyyymmdd[:4]), int(yyyymmdd[4:6]), int(yyyymmdd[6:8]))
    except ValueError:
        return None
