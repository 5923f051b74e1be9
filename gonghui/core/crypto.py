"""Encryption and blind indexes for sensitive fields (ID numbers, phone numbers, ...).

Values are stored encrypted with AES-256-GCM; equality look-ups and data comparison join on a
keyed HMAC ("blind index") of the canonical value instead, so the plaintext is never needed in
SQL. Both keys are derived from ``settings.GONGHUI_DATA_KEY``.
"""

import base64
import binascii
import functools
import hashlib
import hmac
import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

__all__ = ["DecryptionError", "blind_index", "decrypt", "encrypt"]

_VERSION = "v1"
_PREFIX = _VERSION + ":"
_NONCE_BYTES = 12
_TAG_BYTES = 16
_ENCRYPT_INFO = b"gonghui-encrypt"
_BLIND_INDEX_INFO = b"gonghui-blind-index:"


class DecryptionError(ValueError):
    """A token could not be decrypted (malformed, tampered with, or made with another key)."""


def encrypt(plaintext: str) -> str:
    """Encrypt ``plaintext`` with AES-256-GCM and return a "v1:"-prefixed urlsafe base64 token."""
    # A fresh random nonce per call: GCM loses confidentiality and integrity if one repeats.
    nonce = os.urandom(_NONCE_BYTES)
    ciphertext = AESGCM(_encryption_key()).encrypt(nonce, plaintext.encode("utf-8"), _aad())
    return _PREFIX + base64.urlsafe_b64encode(nonce + ciphertext).decode("ascii")


def decrypt(token: str) -> str:
    """Decrypt a token made by encrypt(), raising DecryptionError if it is not authentic."""
    if not token.startswith(_PREFIX):
        raise DecryptionError("无法解密：数据格式或版本不受支持")
    try:
        raw = base64.urlsafe_b64decode(token[len(_PREFIX) :].encode("ascii"))
    except (binascii.Error, ValueError, UnicodeEncodeError) as exc:
        raise DecryptionError("无法解密：数据不是有效的密文") from exc
    if len(raw) < _NONCE_BYTES + _TAG_BYTES:
        raise DecryptionError("无法解密：数据不完整")
    nonce, ciphertext = raw[:_NONCE_BYTES], raw[_NONCE_BYTES:]
    try:
        plaintext = AESGCM(_encryption_key()).decrypt(nonce, ciphertext, _aad())
    except InvalidTag as exc:
        raise DecryptionError("解密失败：数据已被篡改，或不是用当前密钥加密的") from exc
    return plaintext.decode("utf-8")


def blind_index(canonical_value: str, purpose: str = "id") -> str:
    """Return the 64-char hex HMAC-SHA256 of ``canonical_value`` under a per-purpose key."""
    # A separate key per purpose keeps equal values of different kinds (say an ID number and
    # a phone number) from producing joinable indexes.
    key = _derive_key(_secret(), _BLIND_INDEX_INFO + purpose.encode("utf-8"))
    return hmac.new(key, canonical_value.encode("utf-8"), hashlib.sha256).hexdigest()


def _aad() -> bytes:
    """Return the associated data bound into every ciphertext."""
    # Authenticating the version tag stops a token from being replayed under a future format.
    return _VERSION.encode("ascii")


def _encryption_key() -> bytes:
    """Return the AES-256 key derived from the current setting."""
    return _derive_key(_secret(), _ENCRYPT_INFO)


def _secret() -> str:
    """Return settings.GONGHUI_DATA_KEY, refusing to run with a missing or empty key."""
    # Imported here so the module can be imported (e.g. by tooling) before settings exist.
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured

    secret = getattr(settings, "GONGHUI_DATA_KEY", None)
    if not isinstance(secret, str) or not secret:
        raise ImproperlyConfigured("GONGHUI_DATA_KEY 未配置：敏感数据无法加密或建立索引")
    return secret


@functools.lru_cache(maxsize=32)
def _derive_key(secret: str, info: bytes) -> bytes:
    """Derive a 32-byte key from ``secret`` with HKDF-SHA256; cached per (secret, info)."""
    # Cached because blind indexes are computed in bulk (imports, data comparison), and keyed
    # on the secret itself so that changing the setting (tests, key rotation) takes effect.
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=info).derive(
        secret.encode("utf-8")
    )


def file_key() -> bytes:
    """Return the AES-256 key of files at rest (core.filecrypt), derived from the data key."""
    return _derive_key(_secret(), _FILE_INFO)


_FILE_INFO = b"gonghui-file"
