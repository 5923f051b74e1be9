"""Bulk decryption of crypto.encrypt tokens, for the worker processes of a comparison run.

Free of Django on purpose: a worker process (spawned) imports only this module, and gets the
key from the run's process (never from settings, never from disk).
"""

from __future__ import annotations

import base64

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

_PREFIX = "v1:"
_NONCE_BYTES = 12

# One AES-GCM object per process (its key schedule is the costly part of a decrypt call).
_cipher: tuple[AESGCM, bytes] | None = None


def init_worker(key: bytes, aad: bytes) -> None:
    """Set this process's cipher (the pool's initializer; also called in the run's process)."""
    global _cipher
    _cipher = (AESGCM(key), aad)


def decrypt_chunk(tokens: list[str | None]) -> list[str | None]:
    """Plaintexts of the tokens (None for an empty or undecryptable one), same format as
    gonghui.core.crypto.decrypt."""
    assert _cipher is not None, "init_worker first"
    aes, aad = _cipher
    decrypt = aes.decrypt
    b64 = base64.urlsafe_b64decode
    out: list[str | None] = []
    for token in tokens:
        if not token or not token.startswith(_PREFIX):
            out.append(None)
            continue
        try:
            raw = b64(token[3:])
            out.append(decrypt(raw[:_NONCE_BYTES], raw[_NONCE_BYTES:], aad).decode())
        except (InvalidTag, ValueError):
            out.append(None)
    return out
