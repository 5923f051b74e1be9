"""Records for matching tests, made directly (no upload, no engine) where a page needs them."""

from __future__ import annotations

import itertools
from datetime import date

from gonghui.core import idnumbers
from gonghui.hardship.models import Household, Person
from gonghui.matching.models import ComparisonRun, Flag, ReferenceList, RunStatus
from gonghui.orgs.models import Org

_sequence = itertools.count(101)


def make_id(region: str = "350430", born: date = date(1970, 3, 5), male: bool = True) -> str:
    """A valid, fresh ID number."""
    seq = next(_sequence) * 2 + (1 if male else 0)
    first17 = f"{region}{born:%Y%m%d}{seq % 1000:03d}"
    return first17 + idnumbers.check_char(first17)


def household(
    org: Org,
    county: Org,
    members: list[tuple[str, str]],
    archived_on: date = date(2017, 4, 1),
) -> tuple[Household, list[Person]]:
    """An open archive with members (name, ID number); birth date and sex from the ID."""
    home = Household.objects.create(
        org=org,
        county=county,
        head_name=members[0][0],
        surveyed_on=date(2017, 3, 1),
        archived_on=archived_on,
        member_count=len(members),
    )
    persons = []
    for index, (name, id_number) in enumerate(members):
        person = Person(
            household=home,
            name=name,
            relationship="self" if index == 0 else "child",
            birth_date=idnumbers.birth_date(id_number),
            sex=idnumbers.sex(id_number),
        )
        person.set_id_number(id_number)
        person.save()
        persons.append(person)
    return home, persons


def reference_list(org: Org, kind: str = "deceased", content_hash: str = "c" * 64) -> ReferenceList:
    """A list whose file is gone (as after its run)."""
    return ReferenceList.objects.create(
        org=org,
        kind=kind,
        title="2018年5月死亡人员名单",
        filename="deaths.csv",
        content_hash=content_hash,
        column_mapping={"id": "身份证号"},
    )


def run(ref: ReferenceList) -> ComparisonRun:
    """A finished run of the list."""
    return ComparisonRun.objects.create(
        reference_list=ref,
        org=ref.org,
        as_of=date(2018, 5, 10),
        status=RunStatus.DONE,
        stage="done",
        counts={"rows_read": 10, "flags_written": 1},
    )


def flag(
    org: Org,
    county: Org,
    raised_on: date = date(2018, 5, 10),
    ref_org: Org | None = None,
    name: str = "张伟",
) -> Flag:
    """An open flag on a fresh household of the org."""
    home, [person] = household(org, county, [(name, make_id())])
    the_run = run(reference_list(ref_org or county))
    return Flag.objects.create(
        run=the_run,
        household=home,
        person=person,
        list_row=7,
        method="exact_id",
        score=1,
        evidence={"list_name": name, "fact_date": "2018-04-30"},
        implication="remove_member",
        dismissal_key=f"{person.pk:064d}",
        raised_on=raised_on,
    )
