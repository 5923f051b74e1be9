from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gonghui.core import idnumbers
from gonghui.core.idnumbers import IdNumberError

PROVINCES = [*range(11, 16), *range(21, 24), *range(31, 38), *range(41, 47)] + [
    *range(50, 55),
    *range(61, 66),
    71,
    81,
    82,
]
# Fixed at import so every generated example uses the same upper bound as validate().
TODAY = date.today()

FULL_WIDTH = str.maketrans("0123456789X", "０１２３４５６７８９Ｘ")


@st.composite
def valid_ids(draw: st.DrawFn) -> str:
    """Build a valid 18-character ID number from a province, a date and a sequence."""
    province = draw(st.sampled_from(PROVINCES))
    rest_of_region = draw(st.integers(min_value=0, max_value=9999))
    born = draw(st.dates(min_value=date(1850, 1, 1), max_value=TODAY))
    sequence = draw(st.integers(min_value=0, max_value=999))
    first17 = f"{province:02d}{rest_of_region:04d}{born:%Y%m%d}{sequence:03d}"
    return first17 + idnumbers.check_char(first17)


def error_code(raw: str, **kwargs: date) -> str:
    """Return the code of the IdNumberError that validate() raises for ``raw``."""
    with pytest.raises(IdNumberError) as info:
        idnumbers.validate(raw, **kwargs)
    return info.value.code


@pytest.mark.parametrize("value", ["11010519491231002X", "440524188001010014"])
def test_published_examples_validate_to_themselves(value: str) -> None:
    assert idnumbers.validate(value) == value
    assert idnumbers.is_valid(value)


def test_a_15_digit_number_is_converted_to_18_characters() -> None:
    assert idnumbers.convert_15_to_18("110105491231002") == "11010519491231002X"
    assert idnumbers.validate("110105491231002") == "11010519491231002X"


def test_check_char_matches_the_examples() -> None:
    assert idnumbers.check_char("11010519491231002") == "X"
    assert idnumbers.check_char("44052418800101001") == "4"


def test_normalize_removes_spaces_and_converts_full_width_and_lower_case_x() -> None:
    raw = " １１０１０５\u3000１９４９ 1231 002ｘ\t"
    assert idnumbers.normalize(raw) == "11010519491231002X"
    assert idnumbers.validate(raw) == "11010519491231002X"
    assert idnumbers.validate("11010519491231002x") == "11010519491231002X"


@pytest.mark.parametrize("raw", ["", "   ", "1101051949123100", "11010519491231002X1"])
def test_wrong_length_is_reported_as_length(raw: str) -> None:
    assert error_code(raw) == "length"


def test_length_message_says_15_or_18() -> None:
    with pytest.raises(IdNumberError, match="长度不是15位或18位"):
        idnumbers.validate("1234567890")


@pytest.mark.parametrize(
    "raw",
    ["1101051949123100XX", "11010519491231A02X", "11010549123100X", "11010519491231002Y"],
)
def test_illegal_characters_are_reported_as_chars(raw: str) -> None:
    assert error_code(raw) == "chars"


def test_arabic_indic_digits_are_not_accepted_as_digits() -> None:
    assert error_code("11010519491231002" + "\u0663") == "chars"


@pytest.mark.parametrize("prefix", ["00", "10", "16", "20", "39", "72", "80", "83", "99"])
def test_unknown_province_is_reported_as_region(prefix: str) -> None:
    first17 = prefix + "010519491231002"
    with pytest.raises(IdNumberError, match="地区码无效") as info:
        idnumbers.validate(first17 + idnumbers.check_char(first17))
    assert info.value.code == "region"


def test_a_district_that_no_longer_exists_is_still_valid() -> None:
    # 350402 梅列区 was merged into 三元区 in 2021, but its residents keep their numbers.
    first17 = "35040219800101001"
    assert idnumbers.is_valid(first17 + idnumbers.check_char(first17))


@pytest.mark.parametrize("birth", ["19490230", "19491301", "19490000", "18491231"])
def test_impossible_or_too_early_birth_date_is_reported_as_birth_date(birth: str) -> None:
    first17 = "110105" + birth + "002"
    with pytest.raises(IdNumberError, match="出生日期无效") as info:
        idnumbers.validate(first17 + idnumbers.check_char(first17))
    assert info.value.code == "birth_date"


def test_birth_date_after_today_is_rejected_and_today_is_injectable() -> None:
    first17 = "11010520200101002"
    value = first17 + idnumbers.check_char(first17)
    assert error_code(value, today=date(2019, 12, 31)) == "birth_date"
    assert idnumbers.validate(value, today=date(2020, 1, 1)) == value
    assert not idnumbers.is_valid(value, today=date(2019, 12, 31))


def test_wrong_check_char_message_names_the_expected_char() -> None:
    with pytest.raises(IdNumberError, match="校验位错误，应为X") as info:
        idnumbers.validate("110105194912310021")
    assert info.value.code == "checksum"


def test_error_is_a_value_error_whose_str_is_the_message() -> None:
    with pytest.raises(ValueError) as info:
        idnumbers.validate("abc")
    assert str(info.value) == info.value.message


def test_sex_follows_the_parity_of_the_sequence_code() -> None:
    assert idnumbers.sex("11010519491231002X") == "F"
    assert idnumbers.sex("440524188001010014") == "M"


def test_birth_date_and_region_code_are_read_from_the_number() -> None:
    assert idnumbers.birth_date("11010519491231002X") == date(1949, 12, 31)
    assert idnumbers.birth_date("110105491231002") == date(1949, 12, 31)
    assert idnumbers.region_code("440524188001010014") == "440524"


def test_inspecting_an_invalid_number_raises() -> None:
    with pytest.raises(IdNumberError):
        idnumbers.sex("110105194912310021")


def test_mask_keeps_first_6_and_last_4_and_the_length() -> None:
    assert idnumbers.mask("11010519491231002X") == "110105********002X"
    assert idnumbers.mask("110105491231002") == "110105*****1002"


@pytest.mark.parametrize("value", ["", "123", "123456789", "1234567890"])
def test_mask_hides_short_strings_completely(value: str) -> None:
    assert idnumbers.mask(value) == "*" * len(value)


def test_convert_15_to_18_rejects_non_digits_and_wrong_length() -> None:
    with pytest.raises(IdNumberError) as info:
        idnumbers.convert_15_to_18("11010549123100X")
    assert info.value.code == "chars"
    with pytest.raises(IdNumberError) as info:
        idnumbers.convert_15_to_18("11010549123100")
    assert info.value.code == "length"


@settings(max_examples=200)
@given(valid_ids(), st.data())
def test_generated_numbers_validate_and_survive_full_width_and_lower_case(
    value: str, data: st.DataObject
) -> None:
    assert idnumbers.validate(value) == value
    messy = value.translate(FULL_WIDTH).replace("Ｘ", data.draw(st.sampled_from(["ｘ", "x", "Ｘ"])))
    cut = data.draw(st.integers(min_value=0, max_value=18))
    messy = messy[:cut] + data.draw(st.sampled_from([" ", "\u3000", "\t", ""])) + messy[cut:]
    assert idnumbers.normalize(messy) == value
    assert idnumbers.validate(messy) == value


@settings(max_examples=200)
@given(valid_ids())
def test_every_single_character_substitution_is_rejected(value: str) -> None:
    for position in range(18):
        for replacement in "0123456789X":
            if replacement == value[position]:
                continue
            changed = value[:position] + replacement + value[position + 1 :]
            assert not idnumbers.is_valid(changed), (value, changed)


@settings(max_examples=200)
@given(valid_ids())
def test_every_adjacent_swap_of_different_characters_is_rejected(value: str) -> None:
    for position in range(17):
        a, b = value[position], value[position + 1]
        if a == b:
            continue
        swapped = value[:position] + b + a + value[position + 2 :]
        assert not idnumbers.is_valid(swapped), (value, swapped)


@settings(max_examples=200)
@given(valid_ids().filter(lambda value: value[6:8] == "19"))
def test_the_15_digit_form_of_a_20th_century_number_converts_back(value: str) -> None:
    assert idnumbers.convert_15_to_18(value[:6] + value[8:17]) == value
