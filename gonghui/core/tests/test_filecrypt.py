"""Files at rest are encrypted with the data key; reading gives the plaintext back."""

from __future__ import annotations

import io
import os
import tempfile
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import TemporaryUploadedFile
from django.core.management import call_command
from django.urls import reverse
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from gonghui.conftest import client_for
from gonghui.core import jobs
from gonghui.core.crypto import DecryptionError
from gonghui.core.filecrypt import CHUNK, MAGIC, EncryptedFileSystemStorage
from gonghui.core.models import BackgroundJob

ID = "35043019700305123X"


@pytest.fixture
def storage(tmp_path: Path) -> EncryptedFileSystemStorage:
    return EncryptedFileSystemStorage(location=str(tmp_path))


@hypothesis_settings(deadline=None, max_examples=40)
@given(st.binary(max_size=3 * CHUNK + 7) | st.sampled_from([b"", b"x" * CHUNK, b"y" * 2 * CHUNK]))
def test_whatever_is_saved_reads_back_the_same_and_is_not_on_disk_as_it_is(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        storage = EncryptedFileSystemStorage(location=folder)
        name = storage.save("f.bin", ContentFile(data))
        raw = Path(storage.path(name)).read_bytes()
        with storage.open(name) as handle:
            assert handle.read() == data
        assert raw.startswith(MAGIC) and storage.size(name) == len(data)
        if len(data) >= 16:
            assert data not in raw


def test_an_id_number_in_a_saved_sheet_is_not_readable_on_disk(storage) -> None:
    name = storage.save("jobs/in/sheet.csv", ContentFile(f"身份证号\n{ID}\n".encode()))
    assert ID.encode() not in Path(storage.path(name)).read_bytes()
    assert ID in storage.open(name).read().decode()


def test_an_upload_spooled_to_a_temporary_file_is_encrypted_not_moved_into_place(
    storage,
) -> None:
    upload = TemporaryUploadedFile("big.csv", "text/csv", 0, "utf-8")
    upload.write(ID.encode() * 10_000)
    upload.seek(0)
    name = storage.save("jobs/in/big.csv", upload)
    assert ID.encode() not in Path(storage.path(name)).read_bytes()
    assert storage.open(name).read() == ID.encode() * 10_000


def test_a_cut_or_altered_file_is_refused(storage) -> None:
    name = storage.save("f.bin", ContentFile(os.urandom(3 * CHUNK)))
    path = Path(storage.path(name))
    raw = path.read_bytes()
    path.write_bytes(raw[: -(CHUNK + 16)])  # the last chunk dropped: cut at a chunk boundary
    with pytest.raises(DecryptionError):
        storage.open(name)
    path.write_bytes(raw[:100] + bytes([raw[100] ^ 1]) + raw[101:])
    with pytest.raises(DecryptionError):
        storage.open(name)


def test_a_file_made_with_another_key_is_refused(storage, settings) -> None:
    name = storage.save("f.bin", ContentFile(b"secret"))
    settings.GONGHUI_DATA_KEY = "another key"
    with pytest.raises(DecryptionError, match="当前密钥"):
        storage.open(name)


def test_files_written_before_encryption_stay_readable_and_are_encrypted_by_the_command(
    settings, tmp_path
) -> None:
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "gonghui.core.filecrypt.EncryptedFileSystemStorage",
            "OPTIONS": {"location": str(tmp_path)},
        },
    }
    legacy = tmp_path / "jobs" / "out" / "2018" / "old.csv"
    legacy.parent.mkdir(parents=True)
    legacy.write_bytes(ID.encode())
    assert default_storage.open("jobs/out/2018/old.csv").read() == ID.encode()

    out = io.StringIO()
    call_command("encrypt_stored_files", stdout=out)

    assert ID.encode() not in legacy.read_bytes()
    assert default_storage.open("jobs/out/2018/old.csv").read() == ID.encode()
    assert "本次加密 1 个" in out.getvalue()


@pytest.mark.django_db
def test_a_job_document_is_encrypted_at_rest_and_downloads_as_it_was_written(
    tree, jianning_officer, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        job = jobs.start(
            jianning_officer, "briefing", tree.jianning, "建宁情况通报", {"as_of": "2018-06-30"}
        )
    job = BackgroundJob.objects.get(pk=job.pk)
    raw = Path(default_storage.path(job.output.name)).read_bytes()
    assert raw.startswith(MAGIC) and b"word/document.xml" not in raw

    download = client_for(jianning_officer).get(reverse("job_download", args=[job.pk]))
    content = b"".join(download.streaming_content)

    assert content.startswith(b"PK") and b"word/document.xml" in content
