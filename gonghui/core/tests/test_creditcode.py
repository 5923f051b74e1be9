import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gonghui.core import creditcode
from gonghui.core.creditcode import ALPHABET, CreditCodeError

# Codes published on business licences and company registries (including Huawei, Tencent and
# Xiaomi); each satisfies the mod-31 check, which a mistyped code does with chance 1/31.
PUBLISHED = [
    "91350100M000100Y43",
    "914403001922038216",
    "9144030071526726XG",
    "91110108551385082Q",
]

seeds = st.integers(min_value=0, max_value=2**64)
regions = st.text(alphabet="0123456789", min_size=6, max_size=6)


def error_code(raw: str) -> str:
    """Return the code of the CreditCodeError that validate() raises for ``raw``."""
    with pytest.raises(CreditCodeError) as info:
        creditcode.validate(raw)
    return info.value.code


def test_the_alphabet_has_31_characters_without_i_o_s_v_z() -> None:
    assert len(ALPHABET) == len(set(ALPHABET)) == 31
    assert not set("IOSVZ") & set(ALPHABET)


@pytest.mark.parametrize("code", PUBLISHED)
def test_published_codes_validate_to_themselves(code: str) -> None:
    assert creditcode.validate(code) == code
    assert creditcode.check_char(code[:17]) == code[17]


def test_a_check_value_of_31_becomes_0() -> None:
    # Constructed so that the weighted sum is a multiple of 31.
    first17 = "0" * 17
    assert creditcode.check_char(first17) == "0"
    assert creditcode.is_valid(first17 + "0")


def test_normalize_removes_spaces_and_converts_full_width_and_lower_case() -> None:
    raw = " ９１３５０１００ｍ０００\u3000100y43\n"
    assert creditcode.normalize(raw) == "91350100M000100Y43"
    assert creditcode.validate(raw) == "91350100M000100Y43"


@pytest.mark.parametrize("raw", ["", "9135010", "91350100M000100Y4", "91350100M000100Y431"])
def test_wrong_length_is_reported_as_length(raw: str) -> None:
    assert error_code(raw) == "length"


def test_length_message_says_18() -> None:
    with pytest.raises(CreditCodeError, match="长度不是18位"):
        creditcode.validate("91350100M000100")


@pytest.mark.parametrize(
    "raw", ["91350100I000100Y43", "91350100M000100O43", "91350100M00010-Y43", "9135010SM000100Y43"]
)
def test_illegal_characters_are_reported_as_chars(raw: str) -> None:
    assert error_code(raw) == "chars"


def test_chars_message_names_the_offending_characters() -> None:
    with pytest.raises(CreditCodeError, match="非法字符：IO"):
        creditcode.validate("91350100IOO0100Y43")


def test_letters_in_the_region_code_are_reported_as_region() -> None:
    with pytest.raises(CreditCodeError, match="行政区划码") as info:
        creditcode.validate("9135A100M000100Y43")
    assert info.value.code == "region"


def test_wrong_check_char_message_names_the_expected_char() -> None:
    with pytest.raises(CreditCodeError, match="校验位错误，应为3") as info:
        creditcode.validate("91350100M000100Y44")
    assert info.value.code == "checksum"


def test_generate_is_deterministic_for_a_seed_and_uses_the_region() -> None:
    first = creditcode.generate(random.Random(42))
    assert first == creditcode.generate(random.Random(42))
    assert first.startswith("91350400")
    assert creditcode.generate(random.Random(42), region="110105").startswith("91110105")


def test_generate_rejects_a_region_that_is_not_six_digits() -> None:
    with pytest.raises(ValueError):
        creditcode.generate(random.Random(0), region="35040")


@settings(max_examples=200)
@given(seeds, regions)
def test_generated_codes_always_validate(seed: int, region: str) -> None:
    code = creditcode.generate(random.Random(seed), region=region)
    assert creditcode.validate(code) == code
    assert code[2:8] == region


@settings(max_examples=200)
@given(seeds)
def test_every_single_character_substitution_is_rejected(seed: int) -> None:
    code = creditcode.generate(random.Random(seed))
    for position in range(18):
        for replacement in ALPHABET:
            if replacement == code[position]:
                continue
            changed = code[:position] + replacement + code[position + 1 :]
            assert not creditcode.is_valid(changed), (code, changed)


def test_every_single_character_substitution_of_published_codes_is_rejected() -> None:
    for code in PUBLISHED:
        for position in range(18):
            for replacement in ALPHABET:
                if replacement != code[position]:
                    changed = code[:position] + replacement + code[position + 1 :]
                    assert not creditcode.is_valid(changed), changed
