"""The append-only audit log: every entry is HMAC-chained to the previous one.

Never put secrets or full ID numbers in `detail`: mask them first (`idnumbers.mask`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from django.db import models, transaction
from django.http import HttpRequest

from gonghui.core import events
from gonghui.core.crypto import blind_index
from gonghui.core.models import AuditEntry, AuditHead

GENESIS = "0" * 64


def entry_digest(entry: AuditEntry, prev_hash: str) -> str:
    """The keyed hash of an entry's content and the previous link."""
    payload = json.dumps(
        [
            entry.seq,
            entry.at.isoformat(),
            entry.actor_id,
            entry.actor_name,
            entry.action,
            entry.object_type,
            entry.object_id,
            entry.org_id,
            entry.ip,
            entry.detail,
            prev_hash,
        ],
        ensure_ascii=False,
        sort_keys=True,
        separators=(",", ":"),
        default=str,
    )
    return blind_index(payload, purpose="audit-chain")


def _client_ip(request: HttpRequest | None) -> str:
    if request is None:
        return ""
    return str(request.META.get("REMOTE_ADDR", ""))[:45]


def record(
    action: str,
    *,
    actor: Any = None,
    obj: models.Model | None = None,
    org: Any = None,
    request: HttpRequest | None = None,
    detail: dict[str, Any] | None = None,
) -> AuditEntry:
    """Append an entry to the log, chained to the last one; the action must be declared in
    gonghui.core.events, which says whose records it changes."""
    event = events.lookup(action)  # before anything is written: an undeclared action fails
    if actor is None and request is not None:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            actor = user
    if org is None and obj is not None:
        org = getattr(obj, "org", None)
    if org is None and actor is not None:
        org = getattr(actor, "org", None)
    # A JSON round trip now, so that the hash is computed over what the database will return.
    clean_detail = json.loads(json.dumps(detail or {}, ensure_ascii=False, default=str))
    with transaction.atomic():
        head, _ = AuditHead.objects.select_for_update().get_or_create(pk=1)
        entry = AuditEntry(
            seq=head.seq + 1,
            actor_id=getattr(actor, "pk", None),
            actor_name=str(getattr(actor, "username", "") or "")[:150],
            action=action,
            object_type=obj._meta.label if obj is not None else "",
            object_id=str(obj.pk) if obj is not None else "",
            org_id=getattr(org, "pk", None),
            ip=_client_ip(request),
            detail=clean_detail,
            prev_hash=head.hash,
        )
        entry.hash = entry_digest(entry, head.hash)
        entry.save()
        head.seq, head.hash = entry.seq, entry.hash
        head.save(update_fields=["seq", "hash"])
    if event.changes != ():
        # A write: the figures that read the changed modules' records go stale (on commit).
        from gonghui.core.figure_cache import bump

        for module in event.changes or (None,):
            bump(module)
    return entry


@dataclass(frozen=True)
class Verdict:
    """The result of checking the chain: None when intact, else the first broken link."""

    checked: int
    broken_seq: int | None = None
    reason: str = ""

    @property
    def ok(self) -> bool:
        return self.broken_seq is None


def verify() -> Verdict:
    """Walk the chain in order and report the first entry that was altered, removed or inserted."""
    prev_hash = GENESIS
    expected_seq = 1
    checked = 0
    for entry in AuditEntry.objects.order_by("seq").iterator(chunk_size=2000):
        if entry.seq != expected_seq:
            return Verdict(checked, expected_seq, f"第{expected_seq}条记录缺失（链条在此断开）")
        if entry.prev_hash != prev_hash:
            return Verdict(
                checked, entry.seq, f"第{entry.seq}条记录与前一条不衔接（前一条被删除或篡改）"
            )
        if entry_digest(entry, prev_hash) != entry.hash:
            return Verdict(checked, entry.seq, f"第{entry.seq}条记录内容被篡改")
        prev_hash = entry.hash
        expected_seq += 1
        checked += 1
    head = AuditHead.objects.filter(pk=1).first()
    last_seq = expected_seq - 1
    if head is not None and (head.seq != last_seq or head.hash != prev_hash):
        return Verdict(checked, last_seq + 1, f"第{last_seq + 1}条及之后的记录被删除")
    return Verdict(checked)
