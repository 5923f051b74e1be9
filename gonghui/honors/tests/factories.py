"""Small record builders for the honours tests (plain functions, no magic)."""

from __future__ import annotations

from datetime import date

from gonghui.core import idnumbers
from gonghui.honors.models import (
    Competition,
    CompetitionKind,
    HonourLevel,
    ModelWorker,
    Nomination,
    NominationStatus,
    Participant,
)
from gonghui.orgs.models import Level, Org

_serial = iter(range(100, 999))


def id_number(region: str = "350430") -> str:
    """A valid, unique 18-character ID number from the region."""
    first17 = f"{region}19700101{next(_serial):03d}"
    return first17 + idnumbers.check_char(first17)


def model_worker(
    org: Org,
    name: str = "张建国",
    level: str = HonourLevel.PROVINCIAL,
    awarded_on: date = date(2014, 4, 28),
    **extra: object,
) -> ModelWorker:
    """A model worker of the org with a valid ID number."""
    worker = ModelWorker(name=name, org=org, level=level, awarded_on=awarded_on, **extra)
    worker.set_id_number(id_number())
    worker.save()
    return worker


def county_of(org: Org) -> Org:
    """The county-level union above a unit of the test tree."""
    ids = [int(part) for part in org.path.strip("/").split("/") if part]
    return Org.objects.get(pk__in=ids, level=Level.COUNTY)


def nomination(
    org: Org,
    nominee: str = "李春梅",
    front_line: bool = True,
    status: str = NominationStatus.ACCEPTED,
    year: int = 2018,
    level_sought: str = HonourLevel.PROVINCIAL,
) -> Nomination:
    """A nomination of the org's worker in the 2018 provincial round."""
    return Nomination.objects.create(
        nominee=nominee,
        org=org,
        recommended_by=county_of(org),
        year=year,
        level_sought=level_sought,
        front_line=front_line,
        status=status,
        recommended_on=date(2018, 3, 10),
    )


def competition(
    org: Org,
    title: str = "2018年“安康杯”竞赛",
    kind: str = CompetitionKind.SAFETY,
    starts_on: date = date(2018, 4, 1),
    ends_on: date | None = date(2018, 11, 30),
) -> Competition:
    """A competition organised by the org."""
    return Competition.objects.create(
        kind=kind, title=title, org=org, starts_on=starts_on, ends_on=ends_on
    )


def participant(comp: Competition, org: Org, team: str = "安全生产班组") -> Participant:
    """A participant of the competition."""
    return Participant.objects.create(
        competition=comp, org=org, team=team, joined_on=comp.starts_on
    )
