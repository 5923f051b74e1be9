"""A confirmed comparison flag opens the archive adjustment with its reason and note filled in."""

import pytest
from django.urls import reverse

from gonghui.conftest import client_for
from gonghui.matching.tests import factories

pytestmark = pytest.mark.django_db


def test_the_removal_form_takes_its_reason_and_note_from_the_link(tree, jianning_officer) -> None:
    home, _ = factories.household(
        tree.jianning_union, tree.jianning, [("张伟", factories.make_id("350430"))]
    )
    url = (
        reverse("hardship:remove", args=[home.pk])
        + "?reason=deceased&note=数据比对：死亡名单第2行&version=99"
    )
    page = client_for(jianning_officer).get(url).content.decode()
    assert 'value="deceased" selected' in page
    assert "数据比对：死亡名单第2行" in page
    assert 'name="version" value="99"' not in page
