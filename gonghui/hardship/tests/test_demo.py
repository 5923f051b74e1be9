import json
from datetime import date
from io import StringIO

from django.core.management import call_command

from gonghui.core import idnumbers
from gonghui.core.crypto import decrypt
from gonghui.hardship import findings
from gonghui.hardship.models import (
    EducationAidApplication,
    Household,
    MedicalAidClaim,
    MedicalAidEnrolment,
    Person,
    WinterDelivery,
)
from gonghui.orgs.models import Org
from gonghui.testing import Demo


def figures(as_of: str) -> dict[str, float]:
    out = StringIO()
    call_command(
        "indicators",
        "--org",
        "350400",
        "--as-of",
        as_of,
        "--json",
        "--prefix",
        "hardship.",
        stdout=out,
    )
    return {row["name"]: row["value"] for row in json.loads(out.getvalue())}


def test_the_speechs_637_and_260_come_out_of_the_records_as_of_mid_year(demo: Demo) -> None:
    mid = figures("2018-06-30")
    assert mid["hardship.archived_households"] == 637
    assert mid["hardship.archived_local"] == 260
    assert mid["hardship.archived_national"] == 377
    # The date matters: closed and later archives exist around it.
    assert figures("2017-12-31")["hardship.archived_households"] != 637
    assert figures("2018-12-31")["hardship.archived_households"] != 637
    assert mid["hardship.lifted"] > 0 and mid["hardship.removed"] > 0
    assert mid["hardship.assistance_count"] > 0
    # Reviews are overdue in 宁化 and 尤溪 only.
    found = findings.findings(Org.objects.get(admin_code="350400"), date(2018, 6, 30))
    assert len(found) == 1
    assert set(found[0].orgs) == {"宁化县总工会", "尤溪县总工会"}


def test_demo_records_have_valid_ids_and_programmes(demo: Demo) -> None:
    for person in Person.objects.select_related("household__county")[:300]:
        number = decrypt(person.id_number_cipher)
        assert idnumbers.is_valid(number)
        assert number[:6] == person.household.county.admin_code
        assert idnumbers.birth_date(number) == person.birth_date
        assert idnumbers.sex(number) == person.sex
    assert EducationAidApplication.objects.filter(year=2018).exists()
    assert WinterDelivery.objects.filter(campaign__year=2018).exists()
    assert MedicalAidEnrolment.objects.filter(phase__number=9).exists()
    assert MedicalAidClaim.objects.filter(enrolment__phase__number=9).exists()
    assert Household.objects.filter(archived_on__isnull=True).exists()
