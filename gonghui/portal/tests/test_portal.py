import re

import pytest
from django.test import Client
from django.urls import reverse

from gonghui.conftest import client_for
from gonghui.portal.models import PortalRequest, RequestKind

pytestmark = pytest.mark.django_db

ID = "11010519491231002X"


def _help(client: Client, tree, **overrides: str):
    data = {
        "kind": RequestKind.COMPLAINT,
        "org": tree.jianning.pk,
        "name": "李春梅",
        "phone": "13905981234",
        "id_number": ID,
        "employer": "建宁溪源机械有限公司",
        "matter": "wages_owed",
        "content": "公司拖欠三个月工资。",
        "consent": "on",
    }
    data.update(overrides)
    return client.post(reverse("portal_ask"), data, follow=True)


def _code(response) -> str:
    found = re.search(r'data-testid="tracking-code">([A-Z0-9-]+)<', response.content.decode())
    assert found, "no tracking code shown"
    return found.group(1)


def test_a_complaint_becomes_an_online_petition_in_the_countys_queue(
    tree, jianning_officer, taining_officer
) -> None:
    code = _code(_help(Client(), tree))
    filed = PortalRequest.objects.get()
    assert filed.petition is not None and filed.petition.channel == "online"
    assert filed.petition.org == tree.jianning
    assert code.replace("-", "") not in filed.code_hash
    jianning_queue = client_for(jianning_officer).get(reverse("portal_queue")).content.decode()
    assert "李春梅" in jianning_queue
    assert "李春梅" not in client_for(taining_officer).get(reverse("portal_queue")).content.decode()
    assert (
        client_for(taining_officer).get(reverse("portal_request", args=[filed.pk])).status_code
        == 404
    )


def test_the_worker_sees_the_countys_answer_with_code_and_last_four(tree) -> None:
    code = _code(_help(Client(), tree))
    petition = PortalRequest.objects.get().petition
    petition.state, petition.answer_text = "answered", "已督促企业于7月10日前补发工资。"
    petition.save()
    page = Client().post(reverse("portal_track"), {"code": code.lower(), "last4": "002x"})
    assert "已督促企业于7月10日前补发工资。" in page.content.decode()
    assert "13905981234" not in page.content.decode()  # nothing but status and answer


def test_a_wrong_check_looks_exactly_like_an_unknown_code(tree) -> None:
    code = _code(_help(Client(), tree))
    wrong = Client().post(reverse("portal_track"), {"code": code, "last4": "1234"})
    unknown = Client().post(reverse("portal_track"), {"code": "ABCD-EFGH-JKMN", "last4": "002X"})
    assert wrong.status_code == unknown.status_code == 200
    assert "查询码或验证信息不正确" in wrong.content.decode()
    assert "查询码或验证信息不正确" in unknown.content.decode()


def test_a_code_is_locked_after_five_wrong_checks(tree) -> None:
    code = _code(_help(Client(), tree))
    for _ in range(6):
        Client(REMOTE_ADDR="10.0.0.9").post(
            reverse("portal_track"), {"code": code, "last4": "0000"}
        )
    right = Client().post(reverse("portal_track"), {"code": code, "last4": "002X"})
    assert 'data-testid="track-result"' not in right.content.decode()


def test_filing_needs_consent_and_an_id_number_only_for_aid(tree) -> None:
    response = _help(Client(), tree, consent="")
    assert "请先阅读并同意" in response.content.decode()
    aid = _help(Client(), tree, kind=RequestKind.HARDSHIP_AID, id_number="")
    assert "申请帮扶需要填写身份证号" in aid.content.decode()
    legal = _help(Client(), tree, kind=RequestKind.LEGAL_HELP, id_number="", employer="")
    assert 'data-testid="tracking-code"' in legal.content.decode()
    assert PortalRequest.objects.count() == 1


def test_a_bad_id_number_is_refused_in_chinese(tree) -> None:
    response = _help(Client(), tree, id_number="110105194912310021")
    assert "校验" in response.content.decode()
    assert not PortalRequest.objects.exists()


def test_filing_is_rate_limited_per_address(tree) -> None:
    client = Client(REMOTE_ADDR="10.0.0.7")
    statuses = [_help(client, tree, name=f"职工{i}").status_code for i in range(7)]
    assert statuses[:5] == [200] * 5 and statuses[-1] == 429


def test_an_aid_request_is_answered_in_the_queue_and_a_stale_edit_is_refused(
    tree, jianning_officer
) -> None:
    code = _code(_help(Client(), tree, kind=RequestKind.HARDSHIP_AID))
    filed = PortalRequest.objects.get()
    assert filed.petition is None
    client = client_for(jianning_officer)
    url = reverse("portal_request", args=[filed.pk])
    client.post(url, {"status": "answered", "answer": "已安排入户调查。", "version": 1})
    stale = client.post(url, {"status": "closed", "answer": "覆盖", "version": 1})
    assert "已被他人修改" in stale.content.decode()
    page = Client().post(reverse("portal_track"), {"code": code, "last4": "002X"})
    assert "已安排入户调查。" in page.content.decode()
