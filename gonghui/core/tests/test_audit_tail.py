"""The audit log's tail cannot be cut: the head is keyed, and checkpoints live outside the DB."""

from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from gonghui.core import audit, audit_checkpoints
from gonghui.core.models import AuditEntry, AuditHead

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def checkpoint_file(settings: object, tmp_path: Path) -> Path:
    target = tmp_path / "checkpoints.log"
    settings.GONGHUI_AUDIT_CHECKPOINT_FILE = target  # type: ignore[attr-defined]
    settings.GONGHUI_AUDIT_CHECKPOINT_EVERY = 0  # type: ignore[attr-defined]
    return target


def _entries(n: int) -> list[AuditEntry]:
    return [audit.record("test.event", detail={"n": i}) for i in range(n)]


def _cut_after(seq: int) -> None:
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_auditentry WHERE seq > %s", [seq])


def test_a_cut_tail_with_the_head_rewritten_without_the_key_is_caught() -> None:
    entries = _entries(5)
    _cut_after(3)
    # What the attacker can read from the database: the earlier entry's seq and hash.
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE core_audithead SET seq = %s, hash = %s WHERE id = 1",
            [entries[2].seq, entries[2].hash],
        )
    verdict = audit.verify()
    assert not verdict.ok
    assert "第3条之后的记录被删除" in verdict.reason
    with pytest.raises(CommandError, match="第3条之后的记录被删除"):
        call_command("audit_verify")


def test_a_cut_tail_with_an_earlier_genuine_head_replayed_is_caught_by_the_checkpoint() -> None:
    _entries(3)
    old_head = AuditHead.objects.values("seq", "hash", "mac").get(pk=1)
    _entries(2)
    call_command("audit_checkpoint")
    _cut_after(3)
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE core_audithead SET seq = %s, hash = %s, mac = %s WHERE id = 1",
            [old_head["seq"], old_head["hash"], old_head["mac"]],
        )
    verdict = audit.verify()
    assert not verdict.ok
    assert "第3条之后的记录被删除" in verdict.reason and "第5条" in verdict.reason


def test_without_checkpoints_a_replayed_head_would_pass() -> None:
    # The limit the checkpoints exist for: the database alone cannot tell a replayed head.
    _entries(3)
    old_head = AuditHead.objects.values("seq", "hash", "mac").get(pk=1)
    _entries(2)
    _cut_after(3)
    AuditHead.objects.filter(pk=1).update(**old_head)
    assert audit.verify().ok


def test_an_intact_log_agrees_with_its_checkpoints(checkpoint_file: Path) -> None:
    _entries(2)
    call_command("audit_checkpoint")
    _entries(2)
    call_command("audit_checkpoint")
    verdict = audit.verify()
    assert verdict.ok and verdict.checked == 4 and verdict.checkpoints == 2
    assert len(checkpoint_file.read_text().splitlines()) == 2


def test_checkpoints_are_written_every_n_entries_once_committed(
    settings: object, checkpoint_file: Path, django_capture_on_commit_callbacks: object
) -> None:
    settings.GONGHUI_AUDIT_CHECKPOINT_EVERY = 2  # type: ignore[attr-defined]
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        _entries(5)
    assert [p.seq for p in audit_checkpoints.read()] == [2, 4]


def test_a_forged_checkpoint_line_is_reported(checkpoint_file: Path) -> None:
    _entries(2)
    call_command("audit_checkpoint")
    text = checkpoint_file.read_text().replace('"seq":2', '"seq":9')
    checkpoint_file.write_text(text)
    verdict = audit.verify()
    assert not verdict.ok and "检查点文件" in verdict.reason and "第1行" in verdict.reason


def test_checkpoints_of_another_database_are_ignored(checkpoint_file: Path) -> None:
    audit_checkpoints.append(50, "f" * 64, "e" * 64)
    _entries(3)
    assert audit.verify().ok


def test_a_deleted_head_row_is_caught() -> None:
    _entries(3)
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_audithead")
    assert "末端标记缺失" in audit.verify().reason
