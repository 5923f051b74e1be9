"""Unified social credit codes (统一社会信用代码, GB 32100-2015): normalise, validate, generate.

Pure Python (no Django import) so the demo-data generator and import scripts can use it freely.
"""

import random
import re

__all__ = [
    "ALPHABET",
    "CreditCodeError",
    "check_char",
    "generate",
    "is_valid",
    "normalize",
    "validate",
]

# I, O, S, V and Z are left out of the standard's alphabet because they are easily confused
# with 1, 0, 5, U and 2.
ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_VALUES = {ch: index for index, ch in enumerate(ALPHABET)}
_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)

_RE_REGION = re.compile(r"[0-9]{6}", re.ASCII)

# Same reasons as in idnumbers: full-width input from Chinese IMEs, invisible characters from
# copy-and-paste.
_TO_HALF_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
_INVISIBLE = frozenset("\u200b\u200c\u200d\u2060\ufeff")
# Only ASCII letters are upper-cased: str.upper() can change the length of other text ("ß").
_ASCII_UPPER = str.maketrans("abcdefghijklmnopqrstuvwxyz", "ABCDEFGHIJKLMNOPQRSTUVWXYZ")


class CreditCodeError(ValueError):
    """A credit code failed validation; ``str()`` is a Chinese message, ``code`` names the rule.

    Codes: "length", "chars", "region", "checksum".
    """

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def normalize(raw: str) -> str:
    """Remove all whitespace, convert full-width characters to ASCII and upper-case letters."""
    half = raw.translate(_TO_HALF_WIDTH)
    kept = "".join(ch for ch in half if not ch.isspace() and ch not in _INVISIBLE)
    return kept.translate(_ASCII_UPPER)


def check_char(first17: str) -> str:
    """Return the GB 32100 check character for the first 17 characters of a credit code."""
    if len(first17) != 17:
        raise CreditCodeError("length", f"计算校验码需要17位字符，当前为{len(first17)}位")
    bad = _bad_chars(first17)
    if bad:
        raise CreditCodeError("chars", f"统一社会信用代码含有非法字符：{bad}")
    total = sum(_VALUES[ch] * weight for ch, weight in zip(first17, _WEIGHTS, strict=True))
    # The standard says 31 - (total mod 31) with 31 meaning 0; the outer "% 31" does that.
    return ALPHABET[(31 - total % 31) % 31]


def validate(raw: str) -> str:
    """Return the canonical 18-character form of ``raw`` or raise CreditCodeError saying why."""
    value = normalize(raw)
    if not value:
        raise CreditCodeError("length", "统一社会信用代码为空")
    if len(value) != 18:
        raise CreditCodeError("length", f"统一社会信用代码长度不是18位（当前为{len(value)}位）")
    bad = _bad_chars(value)
    if bad:
        raise CreditCodeError(
            "chars",
            f"统一社会信用代码含有非法字符：{bad}（只能使用数字和除I、O、S、V、Z以外的大写字母）",
        )
    # Only "six digits" is checked, not the province: national registrations use 100000, and
    # merged districts keep their old codes.
    if not _RE_REGION.fullmatch(value[2:8]):
        raise CreditCodeError(
            "region", f"统一社会信用代码第3至8位（行政区划码）必须是数字，实际为“{value[2:8]}”"
        )
    expected = check_char(value[:17])
    if value[17] != expected:
        raise CreditCodeError(
            "checksum", f"统一社会信用代码校验位错误，应为{expected}，实际为{value[17]}"
        )
    return value


def is_valid(raw: str) -> bool:
    """Return True if ``raw`` is a valid unified social credit code."""
    try:
        validate(raw)
    except CreditCodeError:
        return False
    return True


def generate(rng: random.Random, region: str = "350400") -> str:
    """Return a plausible valid enterprise credit code drawn deterministically from ``rng``."""
    if not _RE_REGION.fullmatch(region):
        raise ValueError(f"行政区划码必须是6位数字，实际为“{region}”")
    # "9" = registered by the market regulator (工商), "1" = enterprise.
    organisation = "".join(rng.choice(ALPHABET) for _ in range(9))
    first17 = "91" + region + organisation
    return first17 + check_char(first17)


def _bad_chars(value: str) -> str:
    """Return the distinct characters of ``value`` outside the alphabet, in order of appearance."""
    return "".join(dict.fromkeys(ch for ch in value if ch not in _VALUES))
