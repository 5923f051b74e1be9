"""A petition attachment whose write rolls back leaves no file behind (both or neither)."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from gonghui.conftest import Tree
from gonghui.core.stored_files import files_or_nothing
from gonghui.orgs.models import User
from gonghui.rights import actions
from gonghui.rights.attachments import sample
from gonghui.rights.models import PetitionAttachment
from gonghui.rights.tests import factories

pytestmark = pytest.mark.django_db


class Refused(Exception):
    pass


def test_a_rolled_back_attachment_leaves_no_file(
    tree: Tree, jianning_officer: User, settings, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path)},
        },
    }
    petition = factories.petition(tree.jianning)
    with pytest.raises(Refused), files_or_nothing():
        attachment = actions.attach_file(
            petition, actor=jianning_officer, upload=SimpleUploadedFile("工资条.pdf", sample("pdf"))
        )
        assert (tmp_path / attachment.file.name).exists()
        raise Refused  # whatever the same write does next fails before the commit
    assert not PetitionAttachment.objects.exists()
    assert not [p for p in tmp_path.rglob("*") if p.is_file()]
