"""The portal's rows of the scoping matrix: public pages for all, the queue for staff."""

from django.urls import reverse

from gonghui.orgs.tests.matrix_types import PERSONAS, STAFF_ONLY_403, Row

PUBLIC = dict.fromkeys(PERSONAS, 200)


def _jianning_request(tree):
    from django.utils import timezone

    from gonghui.portal.models import PortalRequest

    return PortalRequest.objects.create(
        code_hash="x" * 64,
        verifier_hash="y" * 64,
        kind="hardship_aid",
        org=tree.jianning,
        name="测试",
        phone="13900000000",
        content="测试",
        consent_at=timezone.now(),
    )


def _request_in_jianning(tree) -> str:
    return reverse("portal_request", args=[_jianning_request(tree).pk])


def _hand_off_in_jianning(tree) -> str:
    return reverse("portal_hand_off", args=[_jianning_request(tree).pk])


def _jianning_shift(tree) -> str:
    from datetime import date

    from gonghui.rights.tests import factories

    return reverse("portal_book", args=[factories.shift(tree.jianning, on=date(2018, 6, 12)).pk])


ROWS = [
    Row("portal_book", _jianning_shift, PUBLIC),
    Row("portal_home", lambda t: reverse("portal_home"), PUBLIC),
    Row("portal_ask", lambda t: reverse("portal_ask"), PUBLIC),
    Row("portal_filed", lambda t: reverse("portal_filed"), dict.fromkeys(PERSONAS, 302)),
    Row("portal_track", lambda t: reverse("portal_track"), PUBLIC),
    Row(
        "portal_queue",
        lambda t: reverse("portal_queue"),
        {
            **STAFF_ONLY_403,
            "city_officer": 200,
            "jianning_officer": 200,
            "taining_officer": 200,
            "chair": 200,
        },
    ),
    Row(
        "portal_request",
        _request_in_jianning,
        {
            **STAFF_ONLY_403,
            "city_officer": 200,
            "jianning_officer": 200,
            "taining_officer": 404,
            "chair": 404,
        },
        label="建宁",
    ),
    Row(
        "portal_hand_off",
        _hand_off_in_jianning,
        {
            **STAFF_ONLY_403,
            "city_officer": 302,
            "jianning_officer": 302,
            "taining_officer": 404,
            "chair": 404,
        },
        method="post",
        label="转入户调查（无效版本也回到诉求页）",
    ),
    Row(
        "portal_hand_off",
        _hand_off_in_jianning,
        {**STAFF_ONLY_403, "city_officer": 405, "jianning_officer": 405},
        label="GET 不可用",
    ),
]
