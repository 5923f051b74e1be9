"""Encrypt files stored before encryption at rest was switched on (see core.filecrypt)."""

from __future__ import annotations

from typing import Any

from django.core.files.storage import storages
from django.core.management.base import BaseCommand, CommandError

from gonghui.core.filecrypt import EncryptedFileSystemStorage


class Command(BaseCommand):
    help = "用数据密钥加密存储目录中尚未加密的文件（上传文件、任务文件、附件）"

    def handle(self, *args: Any, **options: Any) -> None:
        storage = storages["default"]
        if not isinstance(storage, EncryptedFileSystemStorage):
            raise CommandError("默认存储不是加密存储（STORAGES['default']），未做任何改动")
        encrypted = seen = 0
        for name in _walk(storage, ""):
            seen += 1
            encrypted += storage.encrypt_in_place(name)
        self.stdout.write(f"共 {seen} 个文件，本次加密 {encrypted} 个")


def _walk(storage: Any, folder: str) -> list[str]:
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:  # nothing stored yet
        return []
    names = [f"{folder}/{name}" if folder else name for name in files]
    for sub in folders:
        names.extend(_walk(storage, f"{folder}/{sub}" if folder else sub))
    return names
