"""The archive import writes each household with its own members, or nothing at all."""

from decimal import Decimal

import pytest

from gonghui.core.crypto import blind_index
from gonghui.core.spreadsheets import ImportRejected, Table
from gonghui.hardship import imports
from gonghui.hardship.models import Household, Person, RigidExpense
from gonghui.hardship.tests.conftest import make_id

pytestmark = pytest.mark.usefixtures("standards")


def _table(rows: list[dict[str, str]]) -> Table:
    headers = imports.TEMPLATE_HEADERS
    base = {
        "县（市、区）": "建宁县总工会",
        "档案级别": "县级档",
        "建档日期": "2018-03-01",
        "月收入": "300",
    }
    return Table(
        "档案.xlsx",
        headers,
        [(n, {h: {**base, **row}.get(h, "") for h in headers}) for n, row in enumerate(rows, 2)],
    )


def _member(key: str, relationship: str, name: str, number: str, **kw: str) -> dict[str, str]:
    return {"户编号": key, "与户主关系": relationship, "姓名": name, "身份证号": number, **kw}


def test_each_imported_household_gets_its_own_members_ids_and_expenses(
    tree, jianning_officer
) -> None:
    a_head, a_child, b_head = make_id(), make_id(), make_id()
    table = _table(
        [
            _member("A", "本人", "张一", a_head, 家庭年刚性支出="6000"),
            _member("B", "本人", "李一", b_head),
            _member("A", "子女", "张二", a_child, 月收入="0"),
        ]
    )
    assert imports.import_archive(jianning_officer, table) == 2
    a = Household.objects.get(file_number="A")
    b = Household.objects.get(file_number="B")
    assert a.county == tree.jianning and a.member_count == 2
    assert {p.name for p in a.members.all()} == {"张一", "张二"}
    assert [p.name for p in b.members.all()] == ["李一"]
    head = a.members.get(relationship="self")
    assert head.id_number_index == blind_index(a_head, purpose="id") == head.archive_lock
    assert head.reveal_id_number(_superuser(), "核对") == a_head
    assert head.monthly_income == Decimal(300) and head.birth_date is not None
    assert [e.yearly_amount for e in RigidExpense.objects.filter(household=a)] == [Decimal(6000)]
    assert not RigidExpense.objects.filter(household=b).exists()


def test_the_same_people_imported_again_are_refused_and_nothing_is_written(
    tree, jianning_officer
) -> None:
    number = make_id()
    imports.import_archive(jianning_officer, _table([_member("A", "本人", "张一", number)]))
    persons = Person.objects.count()
    again = _table([_member("X", "本人", "王一", make_id()), _member("Y", "本人", "张一", number)])
    with pytest.raises(ImportRejected) as rejected:
        imports.import_archive(jianning_officer, again)
    assert [(e.row, e.column) for e in rejected.value.errors] == [(3, "身份证号")]
    assert Person.objects.count() == persons
    assert not Household.objects.filter(file_number="X").exists()


def _superuser():
    from gonghui.orgs.models import User

    return User.objects.create_superuser("root-import", password="Root@2018-import")


def test_an_id_number_excel_turned_into_a_number_is_refused(tree, jianning_officer) -> None:
    """A number cell or 3.50402E+17: the last digits are lost, and the rounded number may be
    another person's valid ID (issue #22). Refused, saying how to fix the column."""
    from gonghui.core.spreadsheets import read_table
    from gonghui.core.tests.badfiles import xlsx

    headers = imports.TEMPLATE_HEADERS
    base = _table([_member("A", "本人", "张一", make_id())]).rows[0][1]
    rows = [
        [{**base, "户编号": "A", "身份证号": float(make_id()[:17] + "0")}[h] for h in headers],
        [{**base, "户编号": "B", "身份证号": "3.50402E+17"}[h] for h in headers],
    ]
    before = Person.objects.count()
    with pytest.raises(ImportRejected) as rejected:
        imports.import_archive(jianning_officer, read_table(xlsx(headers, rows), "档案.xlsx"))
    assert [(e.row, e.column) for e in rejected.value.errors] == [(2, "身份证号"), (3, "身份证号")]
    assert all("Excel" in e.message and "文本" in e.message for e in rejected.value.errors)
    assert Person.objects.count() == before


def test_an_impossible_date_and_an_unknown_health_are_refused(tree, jianning_officer) -> None:
    table = _table(
        [_member("A", "本人", "张一", make_id(), 建档日期="2018-02-30", 健康状况="很好")]
    )
    with pytest.raises(ImportRejected) as rejected:
        imports.import_archive(jianning_officer, table)
    assert {(e.row, e.column) for e in rejected.value.errors} == {(2, "建档日期"), (2, "健康状况")}
