"""Files stored inside a transaction go with it: a rollback deletes them again (both or neither).

A record and its attachment are one write, but the file system knows nothing of the
database's transaction. Write them inside `files_or_nothing()` and call `remember()` for each
file stored: if the block does not commit (an exception leaves it), the files it stored are
deleted, so that no file outlives the rows that would have pointed at it.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.db import transaction

logger = logging.getLogger(__name__)

_stored: ContextVar[list[tuple[Any, str]] | None] = ContextVar("stored_files", default=None)


def remember(field_file: Any) -> None:
    """Mark a just-stored file (a FieldFile) for deletion should the enclosing block roll back."""
    stored = _stored.get()
    if stored is not None and getattr(field_file, "name", ""):
        stored.append((field_file.storage, field_file.name))


@contextmanager
def files_or_nothing(using: str | None = None) -> Iterator[None]:
    """`transaction.atomic()` that also deletes the files remembered in it if it rolls back."""
    stored = _stored.get()
    token = None
    if stored is None:
        stored = []
        token = _stored.set(stored)
    mark = len(stored)
    try:
        with transaction.atomic(using=using):
            yield
    except BaseException:
        for storage, name in stored[mark:]:
            try:
                storage.delete(name)
            except OSError:  # the rollback stands; a leftover file is only logged
                logger.warning("could not delete %s after a rollback", name, exc_info=True)
        del stored[mark:]
        raise
    finally:
        if token is not None:
            _stored.reset(token)
