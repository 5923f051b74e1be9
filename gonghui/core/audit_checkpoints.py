"""Checkpoints of the audit log's head (审计检查点), appended to a file outside the database.

Whoever can write the database can delete the newest entries and put back an earlier head
(one the log really had, keyed hash and all). The database cannot tell; a copy of the head
kept elsewhere can. Every `GONGHUI_AUDIT_CHECKPOINT_EVERY` entries (and whenever
`manage.py audit_checkpoint` runs) one line is appended to `GONGHUI_AUDIT_CHECKPOINT_FILE`:
the sequence number, the entry's hash, the hash of entry 1 (which chain, i.e. which database,
the line belongs to), the time, and a keyed MAC over all of them. The operator ships the file
elsewhere (or makes it append-only); `audit.verify()` checks the chain against it.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings

from gonghui.core.crypto import blind_index


@dataclass(frozen=True)
class Checkpoint:
    """One line of the checkpoint file: the log had entry `seq` with `hash` at time `at`."""

    seq: int
    hash: str
    chain: str
    at: str
    mac: str
    line: int = 0

    @property
    def authentic(self) -> bool:
        return self.mac == line_mac(self.seq, self.hash, self.chain, self.at)


def line_mac(seq: int, entry_hash: str, chain: str, at: str) -> str:
    """The keyed hash that makes a checkpoint line unforgeable without the data key."""
    payload = json.dumps([seq, entry_hash, chain, at], separators=(",", ":"))
    return blind_index(payload, purpose="audit-checkpoint")


def path() -> Path:
    return Path(settings.GONGHUI_AUDIT_CHECKPOINT_FILE)


def due(seq: int) -> bool:
    """Whether the entry with this sequence number gets a checkpoint of its own."""
    every = int(getattr(settings, "GONGHUI_AUDIT_CHECKPOINT_EVERY", 0) or 0)
    return every > 0 and seq % every == 0


def append(seq: int, entry_hash: str, chain: str) -> Checkpoint:
    """Append one checkpoint line (one write, O_APPEND, fsynced: processes may share the file)."""
    at = datetime.now(UTC).isoformat(timespec="seconds")
    point = Checkpoint(seq, entry_hash, chain, at, line_mac(seq, entry_hash, chain, at))
    record = {"seq": seq, "hash": entry_hash, "chain": chain, "at": at, "mac": point.mac}
    target = path()
    target.parent.mkdir(parents=True, exist_ok=True)
    data = (json.dumps(record, separators=(",", ":")) + "\n").encode("ascii")
    fd = os.open(target, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o640)
    try:
        os.write(fd, data)
        os.fsync(fd)
    finally:
        os.close(fd)
    return point


def append_current() -> Checkpoint | None:
    """Checkpoint the log's present head; None while the log is empty."""
    from gonghui.core.models import AuditEntry

    last = AuditEntry.objects.order_by("-seq").values_list("seq", "hash").first()
    if last is None:
        return None
    chain = AuditEntry.objects.filter(seq=1).values_list("hash", flat=True).first() or ""
    return append(last[0], last[1], chain)


def read(source: Path | None = None) -> list[Checkpoint]:
    """Every line of the file as a checkpoint (unreadable lines come back with an empty MAC)."""
    target = source or path()
    if not target.exists():
        return []
    points = []
    with target.open(encoding="utf-8", errors="replace") as handle:
        for number, text in enumerate(handle, start=1):
            if not text.strip():
                continue
            try:
                raw = json.loads(text)
                points.append(
                    Checkpoint(
                        int(raw["seq"]),
                        str(raw["hash"]),
                        str(raw["chain"]),
                        str(raw["at"]),
                        str(raw["mac"]),
                        number,
                    )
                )
            except (ValueError, KeyError, TypeError):
                points.append(Checkpoint(0, "", "", "", "", number))
    return points
