"""Demo data of data comparison: two lists compared in spring 2018 and the flags they raised.

The city compared the civil-affairs death list (市民政局, 8 May) and the vehicle registrations
(市公安局交警支队, 20 June) with the open archives. As of 2018-06-30 some death flags are
confirmed or dismissed, and the rest have been open for more than 30 days in three counties:
the speech's "archives not adjusted in time".
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from gonghui.core import idnumbers
from gonghui.core.crypto import decrypt
from gonghui.core.demo import DemoContext
from gonghui.hardship.models import Person
from gonghui.matching.models import (
    IMPLICATION_OF_KIND,
    ComparisonRun,
    Flag,
    FlagState,
    ListKind,
    ReferenceList,
    RunStatus,
)
from gonghui.matching.runs import dismissal_key

TZ = ZoneInfo("Asia/Shanghai")
# (list, county short name, flags, confirmed, dismissed) — decisions dated 20 May 2018.
PLAN = [
    ("deaths", "建宁", 4, 2, 1),
    ("deaths", "宁化", 3, 0, 0),
    ("deaths", "尤溪", 2, 1, 0),
    ("deaths", "永安", 3, 3, 0),
    ("deaths", "大田", 2, 0, 0),
    ("vehicles", "建宁", 2, 0, 0),
    ("vehicles", "沙县", 3, 1, 1),
]
LISTS = {
    "deaths": (ListKind.DECEASED, "2018年1-4月死亡人员名单", "市民政局", date(2018, 5, 8), 48_213),
    "vehicles": (
        ListKind.VEHICLE,
        "2018年上半年机动车登记",
        "市公安局交警支队",
        date(2018, 6, 20),
        163_540,
    ),
}


def load(ctx: DemoContext) -> str:
    """Create the lists, their finished runs and the flags, deterministically."""
    rng = ctx.rng("matching")
    city_user = ctx.user("city")
    as_of = date(2018, 6, 30)
    taken: set[int] = set()
    made: dict[str, tuple[ReferenceList, ComparisonRun]] = {}
    for key, (kind, title, source, day, rows) in LISTS.items():
        at = datetime(day.year, day.month, day.day, 9, 30, tzinfo=TZ)
        ref = ReferenceList.objects.create(
            org=ctx.city,
            kind=kind,
            title=title,
            source=source,
            filename=f"{title}.csv",
            content_hash=f"{key}-2018".ljust(64, "0"),
            size_bytes=rows * 64,
            column_mapping={"id": "身份证号", "name": "姓名", "fact_date": "日期"},
            preview_counts={"rows_read": rows},
            uploaded_by=city_user,
            uploaded_at=at,
            file_deleted_at=at,
        )
        run = ComparisonRun.objects.create(
            reference_list=ref,
            org=ctx.city,
            as_of=day,
            status=RunStatus.DONE,
            stage="done",
            rows_done=rows,
            rows_expected=rows,
            started_by=city_user,
            created_at=at,
            started_at=at,
            finished_at=at,
        )
        made[key] = (ref, run)
    flags: list[Flag] = []
    counts: dict[str, dict[str, int]] = {key: {"exact_id": 0, "fuzzy": 0} for key in LISTS}
    for key, county_name, total, confirmed, dismissed in PLAN:
        ref, run = made[key]
        county = ctx.counties[county_name]
        persons = list(
            Person.objects.in_open_archives(run.as_of)
            .filter(household__county=county)
            .exclude(pk__in=taken)
            .order_by("pk")[:200]
        )
        for index, person in enumerate(rng.sample(persons, min(total, len(persons)))):
            taken.add(person.pk)
            fuzzy = index == total - 1 and key == "deaths"
            state = (
                FlagState.CONFIRMED
                if index < confirmed
                else FlagState.DISMISSED
                if index < confirmed + dismissed
                else FlagState.OPEN
            )
            canonical = decrypt(person.id_number_cipher) if person.id_number_cipher else ""
            evidence = {
                "list_id": "" if fuzzy else idnumbers.mask(canonical),
                "archive_id": person.id_number_masked,
                "list_name": person.name,
                "archive_name": person.name,
                "fact_date": (run.as_of.replace(day=1)).isoformat(),
            }
            if fuzzy:
                evidence.update(
                    name_similarity=1.0,
                    sex="一致",
                    region="同县",
                    birth_date=str(person.birth_date),
                )
            method = "fuzzy" if fuzzy else "exact_id"
            counts[key][method] += 1
            flags.append(
                Flag(
                    run=run,
                    household_id=person.household_id,
                    person=person,
                    org_id=person.household.org_id,
                    county_id=person.household.county_id,
                    list_row=rng.randint(2, LISTS[key][4]),
                    method=method,
                    score=0.95 if fuzzy else 1,
                    evidence=evidence,
                    implication=IMPLICATION_OF_KIND[ref.kind],
                    state=state,
                    reason="名单人员与档案人员同名同生日，经核实非同一人"
                    if state == FlagState.DISMISSED
                    else "",
                    dismissal_key=dismissal_key(ref.content_hash, person.pk, ref.kind),
                    raised_on=run.as_of,
                    decided_on=date(2018, 5, 20)
                    if state != FlagState.OPEN and key == "deaths"
                    else (date(2018, 6, 25) if state != FlagState.OPEN else None),
                    decided_by=city_user if state != FlagState.OPEN else None,
                )
            )
    Flag.objects.bulk_create(flags)
    for key, (_ref, run) in made.items():
        run.counts = {
            "rows_read": LISTS[key][4],
            "flags_exact_id": counts[key]["exact_id"],
            "flags_fuzzy": counts[key]["fuzzy"],
            "flags_written": counts[key]["exact_id"] + counts[key]["fuzzy"],
        }
        run.timings = {"read": 1.2, "exact": 0.1, "fuzzy": 0.3}
        run.save(update_fields=["counts", "timings"])
    still_open = Flag.objects.open_on(as_of).count()
    return f"{len(LISTS)}份比对名单，{len(flags)}条疑点（截至2018-06-30待核实{still_open}条）"
