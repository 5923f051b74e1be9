"""The scoping matrix reads bodies: a county's pages never show the sibling county.

Besides its status, every answer of the matrix (page, export, API, file) is read as text and
must not contain the sibling county's org names, record numbers or masked ID numbers. Records
of both counties are seeded before each case, so that a list which forgets the door has
something to leak. `body_text` is also what the demo leak scan reads.
"""

from __future__ import annotations

import io
import json
import zipfile
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.http import HttpResponse


def body_text(response: HttpResponse) -> str:
    """The text of an answer as a reader would see it: HTML/JSON/CSV as text, the cells of an
    xlsx, the paragraphs and tables of a docx (an undecodable body is read as latin-1)."""
    raw = (
        b"".join(response.streaming_content)  # type: ignore[attr-defined]
        if getattr(response, "streaming", False)
        else response.content
    )
    kind = response.get("Content-Type", "")
    # A file is read as what it is, whatever its name says ("PK-docx" is no document).
    if _zip_has(raw, "xl/"):
        return xlsx_text(raw)
    if _zip_has(raw, "word/"):
        return docx_text(raw)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("latin-1")
    if "json" in kind:
        # \\u escapes would hide Chinese names from a plain search.
        try:
            return json.dumps(json.loads(text), ensure_ascii=False)
        except ValueError:
            return text
    return text


def _zip_has(raw: bytes, prefix: str) -> bool:
    if not raw.startswith(b"PK"):
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            return any(n.startswith(prefix) for n in archive.namelist())
    except zipfile.BadZipFile:
        return False


def xlsx_text(raw: bytes) -> str:
    """Every cell's value, one cell a line (so that neighbouring cells never run together)."""
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    lines = []
    for sheet in book.worksheets:
        lines.append(sheet.title)
        for row in sheet.iter_rows(values_only=True):
            lines.extend(str(v) for v in row if v is not None)
    return "\n".join(lines)


def docx_text(raw: bytes) -> str:
    """Every paragraph and table cell of a Word document (headers and footers included)."""
    from docx import Document

    document = Document(io.BytesIO(raw))
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            lines.extend(cell.text for cell in row.cells)
    for section in document.sections:
        for part in (section.header, section.footer):
            lines.extend(p.text for p in part.paragraphs)
    return "\n".join(lines)


@dataclass(frozen=True)
class CountyMarks:
    """What identifies one county's records on a page: org names, numbers, masked IDs."""

    county: str
    strings: tuple[str, ...]


def seed_county_records(tree: Any) -> dict[str, CountyMarks]:
    """A household and a petition in each of 建宁 and 泰宁, through the real actions; the
    marks by which each county's records would show on another county's page."""
    from gonghui.conftest import staff_actor
    from gonghui.core import idnumbers
    from gonghui.hardship import actions as hardship
    from gonghui.hardship.models import MinimumLivingStandard
    from gonghui.rights import actions as rights

    actor = staff_actor()  # the actions refuse to act for no one
    marks = {}
    for key, county, union, region in (
        ("jianning", tree.jianning, tree.jianning_union, "350430"),
        ("taining", tree.taining, tree.taining_union, "350429"),
    ):
        MinimumLivingStandard.objects.get_or_create(
            org=county, year=2017, defaults={"monthly_amount": Decimal(520)}
        )
        ids = []
        for seq in (901, 902, 903):
            first17 = f"{region}19700101{seq}"
            ids.append(first17 + idnumbers.check_char(first17))
        household = hardship.survey_household(
            actor,
            hardship.SurveyInput(
                org=union,
                surveyed_on=date(2017, 3, 1),
                members=[
                    hardship.MemberInput(f"{key}户主", ids[0], "self", Decimal(600)),
                    hardship.MemberInput(f"{key}子女", ids[1], "child", Decimal(0)),
                ],
                file_number=f"{key.upper()}-SCOPE-0001",
            ),
        )
        hardship.archive_household(actor, household, date(2017, 4, 1))
        petition = rights.register_petition(
            actor=actor,
            org=county,
            channel="visit",
            received_on=date(2018, 3, 1),
            persons=1,
            matter="wages_owed",
            content=f"{key}信访内容",
            petitioners=[rights.PetitionerData(name=f"{key}信访人", phone="", id_number=ids[2])],
            employer_name=f"{key}某用人单位",
        )
        orgs = (
            county,
            *(
                o
                for o in (
                    tree.jianning_town,
                    tree.jianning_union,
                    tree.taining_town,
                    tree.taining_union,
                )
                if o.path.startswith(county.path)
            ),
        )
        marks[key] = CountyMarks(
            county.name,
            (
                *(o.name for o in orgs),
                household.file_number,
                f"{key}户主",
                f"{key}子女",
                f"{key}信访人",
                f"{key}信访内容",
                *(idnumbers.mask(i) for i in ids),
                petition.number,
            ),
        )
    return marks


# Whose pages must not show which county: the county officers, and 建宁's chair and worker.
SIBLING_OF = {
    "jianning_officer": "taining",
    "chair": "taining",
    "worker": "taining",
    "taining_officer": "jianning",
}


def sibling_leaks(persona: str, text: str, marks: dict[str, CountyMarks]) -> list[str]:
    """The sibling county's marks found in the text of an answer to the persona."""
    sibling = SIBLING_OF.get(persona)
    if sibling is None:
        return []
    return [s for s in marks[sibling].strings if s and s in text]
