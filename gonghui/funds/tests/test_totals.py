from datetime import date

from gonghui.funds import actions, totals
from gonghui.funds.models import DuesMonthTotal, DuesReceipt
from gonghui.funds.tests.helpers import code, receipt


def _snapshot() -> set[tuple[int, date, int, int]]:
    return set(DuesMonthTotal.objects.values_list("county_id", "month", "amount", "receipts"))


def test_monthly_totals_follow_every_write_of_receipts(tree, city_officer) -> None:
    first = receipt(tree.jianning_union, date(2018, 5, 1), 100)
    receipt(tree.jianning, date(2018, 5, 1), 50)
    receipt(tree.taining_union, date(2018, 4, 1), 70)
    data = f"所属月份,县（市、区）,缴费单位名称,统一社会信用代码,工资总额,缴费金额\n2018-05,建宁,新单位,{code()},10000,200\n"
    actions.import_receipts(data.encode(), "五月.csv", actor=city_officer, today=date(2018, 7, 1))
    assert _snapshot() == {
        (tree.jianning.pk, date(2018, 5, 1), 350, 3),
        (tree.taining.pk, date(2018, 4, 1), 70, 1),
    }
    first.delete()
    assert (tree.jianning.pk, date(2018, 5, 1), 250, 2) in _snapshot()
    before = _snapshot()
    assert totals.rebuild() == 2
    assert _snapshot() == before


def test_the_receipts_list_opens_at_the_latest_counted_month(tree, city_officer) -> None:
    from gonghui.conftest import client_for

    receipt(tree.jianning, date(2018, 5, 1), 100, employer_name="五月单位")
    receipt(tree.jianning, date(2018, 6, 1), 100, employer_name="六月单位")
    client = client_for(city_officer)
    on_15_june = client.get("/funds/receipts/?as_of=2018-06-15").content.decode()
    assert "五月单位" in on_15_june and "六月单位" not in on_15_june
    june = client.get("/funds/receipts/?month=2018-06").content.decode()
    assert "六月单位" in june
    assert DuesReceipt.objects.count() == 2
