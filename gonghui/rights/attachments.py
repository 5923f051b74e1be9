"""Petition attachments: allowed types are recognised by their content, not by their name."""

from __future__ import annotations

import io
import uuid
import zipfile
from typing import IO

MAX_BYTES = 10 * 1024 * 1024
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

# Extension → (content type, the detected kind it must be).
ALLOWED = {
    ".pdf": ("application/pdf", "pdf"),
    ".doc": ("application/msword", "ole"),
    ".xls": ("application/vnd.ms-excel", "ole"),
    ".docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "docx",
    ),
    ".xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
    ".jpg": ("image/jpeg", "jpeg"),
    ".jpeg": ("image/jpeg", "jpeg"),
    ".png": ("image/png", "png"),
}


class AttachmentError(ValueError):
    """The file is too large, of a type not allowed, or not what its name says."""


def _extension(name: str) -> str:
    dot = name.rfind(".")
    return name[dot:].lower() if dot >= 0 else ""


def detect(stream: IO[bytes]) -> str:
    """The file's kind from its first bytes (and, for zip files, its parts); '' if unknown."""
    stream.seek(0)
    head = stream.read(8)
    stream.seek(0)
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head == OLE:
        return "ole"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head == b"\x89PNG\r\n\x1a\n":
        return "png"
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(stream) as archive:
                names = set(archive.namelist())
        except (zipfile.BadZipFile, OSError):
            return ""
        finally:
            stream.seek(0)
        if "word/document.xml" in names:
            return "docx"
        if "xl/workbook.xml" in names:
            return "xlsx"
    return ""


def check(name: str, size: int, stream: IO[bytes]) -> str:
    """The content type to store for an upload, or AttachmentError with a Chinese message."""
    if size > MAX_BYTES:
        raise AttachmentError(f"附件“{name}”超过10MB（{size / 1024 / 1024:.1f}MB）")
    if size == 0:
        raise AttachmentError(f"附件“{name}”是空文件")
    extension = _extension(name)
    if extension not in ALLOWED:
        raise AttachmentError(
            f"附件“{name}”的类型不允许：只能上传 pdf、doc、docx、xls、xlsx、jpg、png 文件"
        )
    content_type, kind = ALLOWED[extension]
    if detect(stream) != kind:
        raise AttachmentError(f"附件“{name}”的内容与文件类型（{extension}）不符")
    return content_type


def stored_name(name: str) -> str:
    """A random storage name keeping only the (checked) extension."""
    return f"rights/petitions/{uuid.uuid4().hex}{_extension(name)}"


def sample(kind: str) -> bytes:
    """A minimal file of the kind, for tests."""
    if kind == "pdf":
        return b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    if kind == "png":
        return b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml" if kind == "docx" else "xl/workbook.xml", "<x/>")
    return buffer.getvalue()
