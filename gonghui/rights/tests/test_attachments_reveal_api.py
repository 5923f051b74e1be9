"""Petition attachments, revealing a petitioner's full ID number, and the petitions API."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from gonghui.api.models import ApiToken
from gonghui.conftest import Tree, client_for, make_user
from gonghui.core.models import AuditEntry
from gonghui.orgs.models import Role, User
from gonghui.rights import attachments
from gonghui.rights.models import Petition, PetitionAttachment
from gonghui.rights.tests import factories


def _upload(client: Client, petition: Petition, name: str, content: bytes) -> str:
    response = client.post(
        reverse("rights:attachment_upload", args=[petition.pk]),
        {"file": SimpleUploadedFile(name, content)},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == reverse("rights:petition_detail", args=[petition.pk])
    return response.content.decode()


def test_an_attachment_is_stored_under_a_random_name_and_downloads_with_its_own(
    tree: Tree, jianning_officer: User, tmp_path: Path
) -> None:
    petition = factories.petition(tree.jianning)
    client = client_for(jianning_officer)
    page = _upload(client, petition, "../../工资条 3月.pdf", attachments.sample("pdf"))
    assert "已上传附件“工资条 3月.pdf”" in page
    attachment = PetitionAttachment.objects.get()
    assert attachment.original_name == "工资条 3月.pdf"
    assert attachment.content_type == "application/pdf"
    assert "工资条" not in attachment.file.name and attachment.file.name.endswith(".pdf")
    assert (tmp_path / "media" / attachment.file.name).exists()
    response = client.get(reverse("rights:attachment_download", args=[petition.pk, attachment.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == attachments.sample("pdf")
    assert "attachment" in response["Content-Disposition"]
    assert AuditEntry.objects.filter(action="access.petition.attachment_downloaded").exists()


def test_office_files_and_images_are_recognised_by_their_content(
    tree: Tree, jianning_officer: User
) -> None:
    petition = factories.petition(tree.jianning)
    client = client_for(jianning_officer)
    for name, kind in [("合同.docx", "docx"), ("名单.xlsx", "xlsx"), ("现场.png", "png")]:
        assert "已上传附件" in _upload(client, petition, name, attachments.sample(kind))
    assert PetitionAttachment.objects.count() == 3


def test_a_renamed_file_a_wrong_type_and_a_large_file_are_refused(
    tree: Tree, jianning_officer: User
) -> None:
    petition = factories.petition(tree.jianning)
    client = client_for(jianning_officer)
    renamed = _upload(client, petition, "工资条.pdf", b"MZ\x90\x00 an executable")
    assert "附件“工资条.pdf”的内容与文件类型（.pdf）不符" in renamed
    # A Word file named as a spreadsheet is refused too: the parts of the zip decide.
    swapped = _upload(client, petition, "名单.xlsx", attachments.sample("docx"))
    assert "内容与文件类型（.xlsx）不符" in swapped
    script = _upload(client, petition, "run.exe", b"MZ")
    assert "只能上传 pdf、doc、docx、xls、xlsx、jpg、png 文件" in script
    large = _upload(client, petition, "扫描件.pdf", b"%PDF-" + b"0" * (10 * 1024 * 1024))
    assert "超过10MB" in large
    assert not PetitionAttachment.objects.exists()


def test_a_sibling_county_gets_404_for_an_attachment_and_for_uploading(
    tree: Tree, jianning_officer: User, taining_officer: User
) -> None:
    petition = factories.petition(tree.jianning)
    _upload(client_for(jianning_officer), petition, "a.pdf", attachments.sample("pdf"))
    attachment = PetitionAttachment.objects.get()
    taining = client_for(taining_officer)
    url = reverse("rights:attachment_download", args=[petition.pk, attachment.pk])
    assert taining.get(url).status_code == 404
    upload = reverse("rights:attachment_upload", args=[petition.pk])
    pdf = SimpleUploadedFile("b.pdf", attachments.sample("pdf"))
    assert taining.post(upload, {"file": pdf}).status_code == 404
    # Nor through a 泰宁 petition of its own: the attachment must belong to the petition.
    own = factories.petition(tree.taining)
    other = reverse("rights:attachment_download", args=[own.pk, attachment.pk])
    assert taining.get(other).status_code == 404


def test_a_permitted_officer_sees_the_full_id_number_with_a_reason_and_it_is_audited(
    tree: Tree, jianning_officer: User
) -> None:
    petition = factories.petition(tree.jianning, id_number=factories.ID_A)
    petitioner = petition.petitioners.get()
    client = client_for(jianning_officer)
    detail = client.get(reverse("rights:petition_detail", args=[petition.pk])).content.decode()
    assert "reveal-link" not in detail and factories.ID_A not in detail
    url = reverse("rights:petitioner_reveal", args=[petition.pk, petitioner.pk])
    assert client.get(url).status_code == 403

    jianning_officer.may_reveal_ids = True
    jianning_officer.save(update_fields=["may_reveal_ids"])
    assert (
        "reveal-link"
        in client.get(reverse("rights:petition_detail", args=[petition.pk])).content.decode()
    )
    blank = client.post(url, {"reason": ""})
    assert factories.ID_A not in blank.content.decode()
    shown = client.post(url, {"reason": "核对工伤认定材料"}).content.decode()
    assert factories.ID_A in shown
    assert AuditEntry.objects.filter(
        actor_id=jianning_officer.pk, action__contains="reveal"
    ).exists()


def test_a_permitted_officer_of_a_sibling_county_still_gets_404(
    tree: Tree, taining_officer: User
) -> None:
    petition = factories.petition(tree.jianning, id_number=factories.ID_A)
    taining_officer.may_reveal_ids = True
    taining_officer.save(update_fields=["may_reveal_ids"])
    url = reverse("rights:petitioner_reveal", args=[petition.pk, petition.petitioners.get().pk])
    assert client_for(taining_officer).post(url, {"reason": "核对"}).status_code == 404


# --- API ---------------------------------------------------------------------------------------


def _token(user_name: str, org: object) -> str:
    return ApiToken.issue(make_user(user_name, org, Role.OFFICER), "测试")[1]  # type: ignore[arg-type]


def _api(method: str, path: str, token: str, **kwargs: object) -> object:
    client = Client()
    call = getattr(client, method)
    return call(f"/api/v1/rights{path}", headers={"Authorization": f"Bearer {token}"}, **kwargs)


def test_a_jianning_token_lists_its_petitions_with_masked_ids_and_filters(tree: Tree) -> None:
    token = _token("api-jn", tree.jianning)
    mine = factories.petition(tree.jianning, id_number=factories.ID_A)
    factories.petition(tree.jianning, received_on=date(2018, 5, 2), channel="call")
    factories.petition(tree.taining, employer_name="泰宁某公司")
    body = _api("get", "/petitions/", token).json()  # type: ignore[attr-defined]
    assert body["count"] == 2
    listed = next(p for p in body["items"] if p["id"] == mine.pk)
    assert listed["petitioners"][0]["id_number_masked"] == "110105********002X"
    assert factories.ID_A not in str(body)
    calls = _api("get", "/petitions/?channel=call", token).json()  # type: ignore[attr-defined]
    assert [p["channel"] for p in calls["items"]] == ["call"]
    march = _api("get", "/petitions/?received_from=2018-03-01&received_to=2018-03-31", token).json()  # type: ignore[attr-defined]
    assert [p["id"] for p in march["items"]] == [mine.pk]
    registered = _api("get", "/petitions/?state=closed", token).json()  # type: ignore[attr-defined]
    assert registered["count"] == 0


def test_a_jianning_token_cannot_read_a_taining_petition(tree: Tree) -> None:
    token = _token("api-jn", tree.jianning)
    theirs = factories.petition(tree.taining, employer_name="泰宁某公司")
    response = _api("get", f"/petitions/{theirs.pk}", token)
    assert response.status_code == 404  # type: ignore[attr-defined]
    assert response.json()["error"]["code"] == "not_found"  # type: ignore[attr-defined]
    mine = factories.petition(tree.jianning)
    assert _api("get", f"/petitions/{mine.pk}", token).status_code == 200  # type: ignore[attr-defined]


def test_a_petition_is_registered_through_the_api_by_the_same_action(tree: Tree) -> None:
    token = _token("api-jn", tree.jianning)
    payload = {
        "org_id": tree.jianning.pk,
        "channel": "online",
        "received_on": "2018-04-01",
        "persons": 2,
        "matter": "wages_owed",
        "content": "网上反映拖欠工资",
        "employer_name": "建宁某机械有限公司",
        "petitioners": [{"name": "张三", "id_number": factories.ID_A}, {"name": "李四"}],
    }
    response = _api("post", "/petitions/", token, data=payload, content_type="application/json")
    assert response.status_code == 201  # type: ignore[attr-defined]
    body = response.json()  # type: ignore[attr-defined]
    petition = Petition.objects.get(pk=body["id"])
    assert petition.events.filter(kind="registered").exists()
    assert body["number"] == petition.number and len(body["petitioners"]) == 2
    assert AuditEntry.objects.filter(action="rights.petition.registered").exists()
    # A repeat is linked as on the page.
    again = _api("post", "/petitions/", token, data=payload, content_type="application/json")
    assert again.json()["repeat_of_id"] == petition.pk  # type: ignore[attr-defined]


def test_api_registration_errors_use_the_uniform_body(tree: Tree) -> None:
    token = _token("api-jn", tree.jianning)
    payload = {
        "org_id": tree.jianning.pk,
        "channel": "visit",
        "received_on": "2018-04-01",
        "matter": "wages_owed",
        "content": "反映",
        "employer_name": "某公司",
        "petitioners": [{"name": "张三", "id_number": "110105194912310021"}],
    }
    bad_id = _api("post", "/petitions/", token, data=payload, content_type="application/json")
    assert bad_id.status_code == 422  # type: ignore[attr-defined]
    error = bad_id.json()["error"]  # type: ignore[attr-defined]
    assert error["field"] == "petitioners" and "第1名信访人张三" in error["message"]
    sibling = _api(
        "post",
        "/petitions/",
        token,
        data={**payload, "org_id": tree.taining.pk, "petitioners": [{"name": "张三"}]},
        content_type="application/json",
    )
    assert sibling.status_code == 422  # type: ignore[attr-defined]
    assert sibling.json()["error"]["field"] == "org_id"  # type: ignore[attr-defined]
    assert not Petition.objects.exists()
