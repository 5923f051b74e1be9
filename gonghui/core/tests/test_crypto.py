import base64
import hashlib

import pytest
from django.core.exceptions import ImproperlyConfigured
from pytest_django import Settings

from gonghui.core import crypto
from gonghui.core.crypto import DecryptionError


@pytest.fixture(autouse=True)
def data_key(settings: Settings) -> None:
    """Pin the key so the tests do not depend on the project's settings file."""
    settings.GONGHUI_DATA_KEY = "test-key"


def flip_byte(token: str, index: int) -> str:
    """Return ``token`` with one byte of its decoded payload inverted."""
    raw = bytearray(base64.urlsafe_b64decode(token.removeprefix("v1:")))
    raw[index] ^= 0xFF
    return "v1:" + base64.urlsafe_b64encode(bytes(raw)).decode("ascii")


@pytest.mark.parametrize("plaintext", ["11010519491231002X", "", "张三 13800138000", "😀" * 100])
def test_decrypt_returns_what_encrypt_was_given(plaintext: str) -> None:
    token = crypto.encrypt(plaintext)
    assert token.startswith("v1:")
    assert plaintext not in token or plaintext == ""
    assert crypto.decrypt(token) == plaintext


def test_a_random_nonce_makes_two_encryptions_of_the_same_text_differ() -> None:
    first, second = crypto.encrypt("11010519491231002X"), crypto.encrypt("11010519491231002X")
    assert first != second
    assert crypto.decrypt(first) == crypto.decrypt(second)


@pytest.mark.parametrize("index", [0, 11, 12, -1])
def test_tampering_with_nonce_ciphertext_or_tag_is_detected(index: int) -> None:
    token = crypto.encrypt("11010519491231002X")
    with pytest.raises(DecryptionError, match="解密失败"):
        crypto.decrypt(flip_byte(token, index))


def test_a_token_made_with_another_key_is_rejected(settings: Settings) -> None:
    token = crypto.encrypt("11010519491231002X")
    settings.GONGHUI_DATA_KEY = "another-key"
    with pytest.raises(DecryptionError):
        crypto.decrypt(token)


@pytest.mark.parametrize(
    "token", ["", "11010519491231002X", "v2:AAAA", "v1:not base64!", "v1:AAAA", "v1:ＡＡＡＡ"]
)
def test_malformed_tokens_raise_decryption_error_with_a_chinese_message(token: str) -> None:
    with pytest.raises(DecryptionError, match="无法解密"):
        crypto.decrypt(token)


def test_decryption_error_is_a_value_error() -> None:
    assert issubclass(DecryptionError, ValueError)


def test_blind_index_is_deterministic_64_hex_chars() -> None:
    index = crypto.blind_index("11010519491231002X")
    assert index == crypto.blind_index("11010519491231002X")
    assert len(index) == 64
    assert set(index) <= set("0123456789abcdef")


def test_blind_index_differs_per_value_and_per_purpose() -> None:
    assert crypto.blind_index("11010519491231002X") != crypto.blind_index("440524188001010014")
    assert crypto.blind_index("13800138000", "id") != crypto.blind_index("13800138000", "phone")
    assert crypto.blind_index("x") == crypto.blind_index("x", purpose="id")


def test_blind_index_differs_per_key(settings: Settings) -> None:
    before = crypto.blind_index("11010519491231002X")
    settings.GONGHUI_DATA_KEY = "another-key"
    after = crypto.blind_index("11010519491231002X")
    settings.GONGHUI_DATA_KEY = "test-key"
    assert before != after
    assert crypto.blind_index("11010519491231002X") == before


def test_blind_index_is_not_a_plain_hash_of_the_value() -> None:
    value = "11010519491231002X"
    assert crypto.blind_index(value) != hashlib.sha256(value.encode()).hexdigest()


@pytest.mark.parametrize("key", ["", None])
def test_a_missing_key_is_a_configuration_error(settings: Settings, key: str | None) -> None:
    settings.GONGHUI_DATA_KEY = key
    with pytest.raises(ImproperlyConfigured):
        crypto.encrypt("x")
    with pytest.raises(ImproperlyConfigured):
        crypto.blind_index("x")
