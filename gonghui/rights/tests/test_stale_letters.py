"""A 一函两书 letter's reply is recorded once: a second one, from a page opened before, is refused."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from gonghui.rights import actions
from gonghui.rights.models import SupervisionLetter
from gonghui.rights.tests import factories

pytestmark = pytest.mark.django_db


def test_a_reply_recorded_meanwhile_is_not_overwritten(tree, jianning_officer) -> None:
    letter = factories.letter(tree.jianning)
    opened_by_second = SupervisionLetter.objects.get(pk=letter.pk)  # before the first saves
    actions.record_reply(
        letter, actor=jianning_officer, replied_on=date(2018, 3, 10), text="已整改", corrected=True
    )
    with pytest.raises(ValidationError, match="已登记过回复"):
        actions.record_reply(
            opened_by_second,
            actor=jianning_officer,
            replied_on=date(2018, 3, 12),
            text="拒不整改",
            corrected=False,
        )
    letter.refresh_from_db()
    assert letter.reply_text == "已整改" and letter.corrected
