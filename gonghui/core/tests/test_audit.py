import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from gonghui.core import audit
from gonghui.core.models import AppendOnlyError, AuditEntry

pytestmark = pytest.mark.django_db


def _five_entries() -> list[AuditEntry]:
    return [audit.record("test.event", detail={"n": n, "名称": "建宁"}) for n in range(5)]


def test_an_untouched_chain_verifies() -> None:
    _five_entries()
    verdict = audit.verify()
    assert verdict.ok and verdict.checked == 5


def test_an_altered_entry_is_caught_at_its_place() -> None:
    entries = _five_entries()
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE core_auditentry SET action = %s WHERE seq = %s", ["forged", entries[2].seq]
        )
    verdict = audit.verify()
    assert verdict.broken_seq == 3 and "篡改" in verdict.reason


def test_a_deleted_middle_entry_is_caught() -> None:
    _five_entries()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_auditentry WHERE seq = 2")
    assert audit.verify().broken_seq == 2


def test_a_deleted_last_entry_is_caught() -> None:
    _five_entries()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_auditentry WHERE seq = 5")
    assert audit.verify().broken_seq == 5


def test_a_rehashed_forgery_without_the_key_is_caught() -> None:
    import hashlib

    entries = _five_entries()
    forged = hashlib.sha256(b"anything").hexdigest()
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE core_auditentry SET hash = %s WHERE seq = %s", [forged, entries[4].seq]
        )
    assert audit.verify().broken_seq == 5


def test_the_orm_refuses_to_change_or_delete_entries() -> None:
    entry = _five_entries()[0]
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.all().delete()
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.update(action="x")


def test_audit_verify_command_reports_the_first_broken_link() -> None:
    _five_entries()
    call_command("audit_verify")
    with connection.cursor() as cursor:
        cursor.execute("UPDATE core_auditentry SET detail = %s WHERE seq = 4", ['{"n": 99}'])
    with pytest.raises(CommandError, match="第4条"):
        call_command("audit_verify")
