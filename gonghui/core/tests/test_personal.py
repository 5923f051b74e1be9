import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gonghui.core import idnumbers
from gonghui.core.models import AuditEntry
from gonghui.core.personal import IdNumberMixin, can_reveal_ids, id_index

pytestmark = pytest.mark.django_db


class Holder(IdNumberMixin):
    class Meta:
        app_label = "core"
        managed = False


def test_a_number_is_stored_encrypted_indexed_and_masked() -> None:
    holder = Holder()
    holder.set_id_number("110105491231002")  # the old 15-digit form
    assert holder.id_number_masked == "110105********002X"
    assert "11010519491231002X" not in holder.id_number_cipher
    assert holder.id_number_index == id_index("11010519491231002X")


def test_a_bad_number_is_refused_with_a_chinese_message() -> None:
    with pytest.raises(idnumbers.IdNumberError, match="校验"):
        Holder().set_id_number("110105194912310021")


def test_only_permitted_users_see_the_full_number_and_it_is_logged(
    tree, city_officer, jianning_officer
) -> None:
    holder = Holder()
    holder.set_id_number("11010519491231002X")
    city_officer.may_reveal_ids = True
    assert can_reveal_ids(city_officer) and not can_reveal_ids(jianning_officer)
    with pytest.raises(PermissionDenied):
        holder.reveal_id_number(jianning_officer, "核对")
    with pytest.raises(ValidationError):
        holder.reveal_id_number(city_officer, "  ")
    assert holder.reveal_id_number(city_officer, "入户核对") == "11010519491231002X"
    entry = AuditEntry.objects.get(action="personal.id_revealed")
    assert entry.detail == {"reason": "入户核对", "masked": "110105********002X"}
    assert "11010519491231002X" not in str(
        list(AuditEntry.objects.values_list("detail", flat=True))
    )
