"""This module's rows of the scoping matrix (see gonghui/orgs/tests/test_scoping_matrix.py)."""

from django.urls import reverse

from gonghui.conftest import staff_actor
from gonghui.orgs.models import User
from gonghui.orgs.tests.matrix_types import PERSONAS, STAFF_ONLY_403, Row
from gonghui.rights.tests import factories

STAFF_PAGE = {
    **STAFF_ONLY_403,
    "city_officer": 200,
    "jianning_officer": 200,
    "taining_officer": 200,
    "chair": 200,
}
# A 建宁 record: the city and 建宁 see it; 泰宁 and the 建宁 grassroots chair get 404.
JIANNING_RECORD = {
    **STAFF_ONLY_403,
    "city_officer": 200,
    "jianning_officer": 200,
    "taining_officer": 404,
    "chair": 404,
}
JIANNING_POST = {**JIANNING_RECORD, "city_officer": 302, "jianning_officer": 302}


# A browser session is not an API credential: every persona gets 401 without a token.
NO_SESSION_AUTH = dict.fromkeys(PERSONAS, 401)


def _attachment(t: object) -> str:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from gonghui.rights import actions
    from gonghui.rights.attachments import sample

    petition = factories.petition(t.jianning)  # type: ignore[attr-defined]
    upload = SimpleUploadedFile("工资条.pdf", sample("pdf"))
    attachment = actions.attach_file(petition, actor=staff_actor(), upload=upload)
    return reverse("rights:attachment_download", args=[petition.pk, attachment.pk])


def _reveal(t: object) -> str:
    # The 建宁 officer holds the right to see full ID numbers; the city officer does not.
    User.objects.filter(username="jianning").update(may_reveal_ids=True)
    petition = factories.petition(t.jianning, id_number=factories.ID_A)  # type: ignore[attr-defined]
    petitioner = petition.petitioners.get()
    return reverse("rights:petitioner_reveal", args=[petition.pk, petitioner.pk])


def _own_shift(t: object) -> str:
    shift = factories.shift(t.jianning, lawyer_user=User.objects.get(username="lawyer"))  # type: ignore[attr-defined]
    return reverse("rights:shift_detail", args=[shift.pk])


def _other_shift(t: object) -> str:
    shift = factories.shift(t.jianning)  # type: ignore[attr-defined]
    return reverse("rights:shift_detail", args=[shift.pk])


ROWS = [
    Row("rights:index", lambda t: reverse("rights:index"), dict.fromkeys(PERSONAS, 302)),
    Row("rights:petition_list", lambda t: reverse("rights:petition_list"), STAFF_PAGE),
    Row("rights:petition_register", lambda t: reverse("rights:petition_register"), STAFF_PAGE),
    Row(
        "rights:petition_detail",
        lambda t: reverse("rights:petition_detail", args=[factories.petition(t.jianning).pk]),
        JIANNING_RECORD,
        label="建宁的信访件",
    ),
    Row(
        "rights:petition_step",
        lambda t: reverse(
            "rights:petition_step", args=[factories.petition(t.jianning).pk, "accept"]
        ),
        JIANNING_POST,
        method="post",
        label="受理建宁的信访件",
    ),
    Row("rights:petition_statistics", lambda t: reverse("rights:petition_statistics"), STAFF_PAGE),
    Row("rights:reception_list", lambda t: reverse("rights:reception_list"), STAFF_PAGE),
    Row("rights:lawyer_list", lambda t: reverse("rights:lawyer_list"), STAFF_PAGE),
    Row("rights:shift_rota", lambda t: reverse("rights:shift_rota"), STAFF_PAGE),
    Row(
        "rights:shift_detail",
        _own_shift,
        {**JIANNING_RECORD, "lawyer": 200},
        label="律师本人在建宁的值班",
    ),
    Row(
        "rights:shift_detail",
        _other_shift,
        {**JIANNING_RECORD, "lawyer": 404},
        label="别的律师在建宁的值班",
    ),
    Row(
        "rights:my_shifts",
        lambda t: reverse("rights:my_shifts"),
        {
            "lawyer": 200,
            "city_officer": 403,
            "jianning_officer": 403,
            "judge": 403,
            "worker": 403,
            "anonymous": 302,
        },
    ),
    Row("rights:committee_list", lambda t: reverse("rights:committee_list"), STAFF_PAGE),
    Row("rights:letter_list", lambda t: reverse("rights:letter_list"), STAFF_PAGE),
    Row(
        "rights:letter_reply",
        lambda t: reverse("rights:letter_reply", args=[factories.letter(t.jianning).pk]),
        JIANNING_POST,
        method="post",
        label="建宁的提示函",
    ),
    Row(
        "rights:letter_refer",
        lambda t: reverse("rights:letter_refer", args=[factories.letter(t.jianning).pk]),
        JIANNING_POST,
        method="post",
        label="建宁的文书",
    ),
    Row(
        "rights:letter_download",
        lambda t: reverse("rights:letter_download", args=[factories.letter(t.jianning).pk]),
        JIANNING_RECORD,
        label="建宁的提示函 Word",
    ),
    Row("rights:letter_new", lambda t: reverse("rights:letter_new"), STAFF_PAGE),
    Row("rights:committee_new", lambda t: reverse("rights:committee_new"), STAFF_PAGE),
    Row("rights:lawyer_new", lambda t: reverse("rights:lawyer_new"), STAFF_PAGE),
    Row("rights:centre_new", lambda t: reverse("rights:centre_new"), STAFF_PAGE),
    Row("rights:shift_new", lambda t: reverse("rights:shift_new"), STAFF_PAGE),
    Row("rights:rota_copy", lambda t: reverse("rights:rota_copy"), STAFF_PAGE),
    Row(
        "rights:attachment_upload",
        lambda t: reverse("rights:attachment_upload", args=[factories.petition(t.jianning).pk]),
        JIANNING_POST,
        method="post",
        label="给建宁的信访件上传附件",
    ),
    Row(
        "rights:attachment_download",
        _attachment,
        JIANNING_RECORD,
        label="建宁信访件的附件",
    ),
    Row(
        "rights:petitioner_reveal",
        _reveal,
        {**JIANNING_RECORD, "city_officer": 403},
        label="建宁信访人的完整身份证号",
    ),
    Row("api:list_petitions", lambda t: "/api/v1/rights/petitions/", NO_SESSION_AUTH),
    Row(
        "api:get_petition",
        lambda t: f"/api/v1/rights/petitions/{factories.petition(t.jianning).pk}",
        NO_SESSION_AUTH,
    ),
    Row(
        "api:create_petition",
        lambda t: "/api/v1/rights/petitions/",
        NO_SESSION_AUTH,
        method="post",
        label="登记信访件（API）",
    ),
]
