"""The append-only audit log: every entry is HMAC-chained to the previous one.

Never put secrets or full ID numbers in `detail`: mask them first (`idnumbers.mask`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import partial
from typing import Any

from django.db import models, transaction
from django.http import HttpRequest

from gonghui.core import audit_checkpoints, events
from gonghui.core.client import client_ip
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


def head_mac(seq: int, entry_hash: str) -> str:
    """The keyed hash of the head: the head cannot be moved back without the data key."""
    return blind_index(f"{seq}:{entry_hash}", purpose="audit-head")


def _client_ip(request: HttpRequest | None) -> str:
    if request is None:
        return ""
    return client_ip(request)[:45]


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
        head.mac = head_mac(head.seq, head.hash)
        head.save(update_fields=["seq", "hash", "mac"])
        if audit_checkpoints.due(entry.seq):
            _checkpoint_on_commit(entry)
    if event.changes != ():
        # A write: the figures that read the changed modules' records go stale (on commit).
        from gonghui.core.figure_cache import bump

        for module in event.changes or (None,):
            bump(module)
    return entry


def _checkpoint_on_commit(entry: AuditEntry) -> None:
    """Copy the head to the checkpoint file once it is committed (a rolled-back head is not)."""
    if entry.seq == 1:
        chain = entry.hash
    else:
        chain = AuditEntry.objects.filter(seq=1).values_list("hash", flat=True).first() or ""
    # robust: the write is committed; a full disk must not turn it into an error page.
    transaction.on_commit(
        partial(audit_checkpoints.append, entry.seq, entry.hash, chain), robust=True
    )


@dataclass(frozen=True)
class Verdict:
    """The result of checking the chain: None when intact, else the first broken link."""

    checked: int
    broken_seq: int | None = None
    reason: str = ""
    checkpoints: int = 0

    @property
    def ok(self) -> bool:
        return self.broken_seq is None and not self.reason


def verify() -> Verdict:
    """Walk the chain in order and report the first entry that was altered, removed or inserted.

    Then check the head (its keyed hash, and that it is the last entry) and the checkpoints
    written outside the database: a checkpoint beyond the last entry means the tail was cut
    (and the head put back to an earlier, genuine one).
    """
    points = audit_checkpoints.read()
    forged = [p for p in points if not p.authentic]
    if forged:
        return Verdict(
            0,
            forged[0].seq,
            f"检查点文件（{audit_checkpoints.path()}）第{forged[0].line}行无法通过密钥校验，"
            "检查点文件被篡改",
        )
    prev_hash = GENESIS
    expected_seq = 1
    checked = 0
    ours: dict[int, audit_checkpoints.Checkpoint] = {}
    for entry in AuditEntry.objects.order_by("seq").iterator(chunk_size=2000):
        if entry.seq != expected_seq:
            return Verdict(checked, expected_seq, f"第{expected_seq}条记录缺失（链条在此断开）")
        if entry.prev_hash != prev_hash:
            return Verdict(
                checked, entry.seq, f"第{entry.seq}条记录与前一条不衔接（前一条被删除或篡改）"
            )
        if entry_digest(entry, prev_hash) != entry.hash:
            return Verdict(checked, entry.seq, f"第{entry.seq}条记录内容被篡改")
        if entry.seq == 1:
            # Checkpoints of another chain (a database made anew) say nothing about this one.
            ours = {p.seq: p for p in points if p.chain == entry.hash}
        point = ours.get(entry.seq)
        if point is not None and point.hash != entry.hash:
            return Verdict(
                checked, entry.seq, f"第{entry.seq}条记录与{point.at}的检查点不符（日志被改写）"
            )
        prev_hash = entry.hash
        expected_seq += 1
        checked += 1
    last_seq = expected_seq - 1
    if last_seq == 0 and points:
        top = max(points, key=lambda p: p.seq)
        return Verdict(
            0,
            1,
            f"审计日志为空，但{top.at}的检查点记录到第{top.seq}条：记录被全部删除"
            "（或检查点文件属于另一个数据库）",
        )
    head = AuditHead.objects.filter(pk=1).first()
    if head is None and last_seq:
        return Verdict(checked, last_seq + 1, "审计日志末端标记缺失（被删除）")
    if head is not None and (head.seq != last_seq or head.hash != prev_hash):
        return Verdict(checked, last_seq + 1, f"第{last_seq + 1}条及之后的记录被删除")
    if head is not None and last_seq and head.mac != head_mac(head.seq, head.hash):
        return Verdict(
            checked,
            last_seq + 1,
            f"审计日志末端标记无法通过密钥校验（被改写）：第{last_seq}条之后的记录被删除",
        )
    beyond = [p for p in ours.values() if p.seq > last_seq]
    if beyond:
        top = max(beyond, key=lambda p: p.seq)
        return Verdict(
            checked,
            last_seq + 1,
            f"第{last_seq}条之后的记录被删除：{top.at}的检查点记录到第{top.seq}条"
            "（末端标记被换回了较早的一条）",
        )
    return Verdict(checked, checkpoints=len(ours))
