"""Files at rest encrypted with the data key (文件加密存储): uploads, job outputs, attachments.

The default storage writes every file as AES-256-GCM in 64 KiB chunks (the STREAM
construction: each chunk's nonce is a random per-file prefix, the chunk's number and a flag
marking the last chunk, so chunks cannot be reordered, dropped or the file cut short without
the read failing). Reading decrypts chunk by chunk into a spooled temporary file (memory up to
8 MiB, then an unnamed temporary file), so large files never sit whole in memory and the
readers that seek (xlsx is a zip) work unchanged.

A file without the header is read as it is: files written before encryption was switched on
(a demo's var/media) stay readable; `manage.py encrypt_stored_files` encrypts them in place.
"""

from __future__ import annotations

import os
import struct
import tempfile
from collections.abc import Iterator
from typing import IO, Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.core.files.base import File
from django.core.files.storage import FileSystemStorage

from gonghui.core.crypto import DecryptionError, file_key

MAGIC = b"GHENC1\x00\x00"  # the format's name and version, authenticated with every chunk
PREFIX_BYTES = 7
CHUNK = 64 * 1024
TAG = 16
HEADER = len(MAGIC) + PREFIX_BYTES
SPOOL_BYTES = 8 * 1024 * 1024


def _nonce(prefix: bytes, counter: int, final: bool) -> bytes:
    return prefix + struct.pack(">I?", counter, final)


def encrypt_chunks(source: IO[bytes]) -> Iterator[bytes]:
    """The encrypted form of the readable binary `source`, piece by piece."""
    cipher = AESGCM(file_key())
    prefix = os.urandom(PREFIX_BYTES)
    yield MAGIC + prefix
    counter = 0
    block = source.read(CHUNK)
    while True:
        following = source.read(CHUNK)
        final = not following
        yield cipher.encrypt(_nonce(prefix, counter, final), block, MAGIC)
        if final:
            return
        block, counter = following, counter + 1


def decrypt_into(source: IO[bytes], target: IO[bytes]) -> None:
    """Write the plaintext of the encrypted `source` (read past its header) to `target`."""
    cipher = AESGCM(file_key())
    header = source.read(HEADER)
    if len(header) < HEADER or not header.startswith(MAGIC):
        raise DecryptionError("无法解密文件：文件头不完整或格式不受支持")
    prefix = header[len(MAGIC) :]
    counter = 0
    block = source.read(CHUNK + TAG)
    while True:
        following = source.read(CHUNK + TAG)
        final = not following
        try:
            target.write(cipher.decrypt(_nonce(prefix, counter, final), block, MAGIC))
        except InvalidTag as exc:
            raise DecryptionError(
                "文件解密失败：文件已损坏、被截短或篡改，或不是用当前密钥加密的"
            ) from exc
        if final:
            return
        block, counter = following, counter + 1


def is_encrypted(handle: IO[bytes]) -> bool:
    """Whether the file (read from its start) has the header; the position is restored."""
    start = handle.tell()
    try:
        return handle.read(len(MAGIC)) == MAGIC
    finally:
        handle.seek(start)


def plaintext_size(stored: int) -> int:
    """The plaintext size of an encrypted file of `stored` bytes."""
    body = max(0, stored - HEADER)
    chunks = max(1, -(-body // (CHUNK + TAG)))
    return body - chunks * TAG


class _Encrypting(File):
    """A file whose chunks are the encrypted form of another's (never a temporary path to
    move, so that a plaintext upload is not moved into place as it is)."""

    def __init__(self, source: File) -> None:
        super().__init__(None, name=source.name)
        self.source = source

    def chunks(self, chunk_size: int | None = None) -> Iterator[bytes]:
        if self.source.seekable():
            self.source.seek(0)
        yield from encrypt_chunks(self.source)  # type: ignore[arg-type]

    def close(self) -> None:
        self.source.close()


class EncryptedFileSystemStorage(FileSystemStorage):
    """Local files, encrypted with the data key on save and decrypted on open."""

    def _save(self, name: str, content: File) -> str:
        return super()._save(name, _Encrypting(content))

    def _open(self, name: str, mode: str = "rb") -> File:
        if "w" in mode or "a" in mode or "+" in mode:
            raise ValueError("encrypted files are written through save(), not opened for writing")
        raw = open(self.path(name), "rb")  # noqa: SIM115 (returned open, or closed below)
        if not is_encrypted(raw):
            return File(raw, name)  # written before encryption: read as it is
        plain: Any = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)  # noqa: SIM115
        try:
            with raw:
                decrypt_into(raw, plain)
        except BaseException:
            plain.close()
            raise
        plain.seek(0)
        return File(plain, name)

    def size(self, name: str) -> int:
        stored = super().size(name)
        with open(self.path(name), "rb") as raw:
            return plaintext_size(stored) if is_encrypted(raw) else stored

    def encrypt_in_place(self, name: str) -> bool:
        """Encrypt a file written before encryption (False if it already was)."""
        path = self.path(name)
        with open(path, "rb") as raw:
            if is_encrypted(raw):
                return False
            fd, temp = tempfile.mkstemp(dir=os.path.dirname(path), prefix=".encrypting-")
            with os.fdopen(fd, "wb") as out:
                for piece in encrypt_chunks(raw):
                    out.write(piece)
        os.chmod(temp, self.file_permissions_mode or 0o600)
        os.replace(temp, path)
        return True
