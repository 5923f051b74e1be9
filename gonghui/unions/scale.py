"""Organization-building data at province scale, for the benchmark (`make bench`).

At scale 1: 100 county unions of 10 townships each, 100,000 grassroots unions, 30 months of
dues receipts for each (3,000,000), one or two elections each. Rows are generated inside the
database (INSERT … SELECT over a recursive series, on SQLite and PostgreSQL alike), so the
build takes minutes, not hours. Never used by the application itself.
"""

from __future__ import annotations

from datetime import date

from django.db import connection, transaction

from gonghui.funds import totals
from gonghui.funds.models import DuesPlan
from gonghui.orgs.models import Level, Org, Role, User

MONTHS = 30  # January 2016 to June 2018


def _add_days(start: str, days_sql: str) -> str:
    if connection.vendor == "postgresql":
        return f"(DATE '{start}' + ({days_sql})::int)"
    return f"date('{start}', '+' || ({days_sql}) || ' days')"


def _add_months(start: str, months_sql: str) -> str:
    if connection.vendor == "postgresql":
        return f"(DATE '{start}' + ({months_sql}) * INTERVAL '1 month')::date"
    return f"date('{start}', '+' || ({months_sql}) || ' months')"


def _series(n: int) -> str:
    return f"WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < {n}) "


def build(scale: float = 1.0) -> dict[str, int]:
    """Create the province's tree, receipts and elections; returns the counts."""
    counties_n = max(2, round(100 * scale))
    per_township = max(1, round(100 * min(scale, 1.0)))
    with transaction.atomic():
        top = Org.objects.create(name="基准测试省总工会", level=Level.CITY, admin_code="350000")
        counties = Org.objects.bulk_create(
            Org(name=f"基准{i}县总工会", short_name=f"基准{i}", level=Level.COUNTY, parent=top)
            for i in range(counties_n)
        )
        for c in counties:
            c.refresh_path()
        Org.objects.bulk_update(counties, ["path", "depth"])
        towns = Org.objects.bulk_create(
            Org(name=f"{c.short_name}{j}镇总工会", level=Level.TOWNSHIP, parent=c)
            for c in counties
            for j in range(10)
        )
        for t in towns:
            t.refresh_path()
        Org.objects.bulk_update(towns, ["path", "depth"], batch_size=2000)
        DuesPlan.objects.bulk_create(
            DuesPlan(org=c, year=2018, amount=1000 * 30 * per_township * 10) for c in counties
        )
        user = User(username="bench", org=top, roles=Role.OFFICER)
        user.set_unusable_password()
        user.save()
    with connection.cursor() as cur, transaction.atomic():
        cur.execute(
            _series(per_township)
            + "INSERT INTO orgs_org (name, short_name, level, township_kind, parent_id, path, depth,"
            " employer_name, established_on)"
            " SELECT 'bench union ' || t.id || '-' || s.n, '', 'grassroots', '', t.id, '', 3,"
            " 'bench employer ' || t.id || '-' || s.n, '2005-01-01'"
            " FROM orgs_org t CROSS JOIN s WHERE t.level = 'township' AND t.path LIKE %s",
            [f"{top.path}%"],
        )
        cur.execute(
            "UPDATE orgs_org SET path = (SELECT p.path FROM orgs_org p"
            " WHERE p.id = orgs_org.parent_id) || id || '/' WHERE path = ''"
        )
        county_of = "(SELECT t.parent_id FROM orgs_org t WHERE t.id = o.parent_id)"
        grassroots = f"o.level = 'grassroots' AND o.path LIKE '{top.path}%%'"
        cur.execute(
            _series(MONTHS)
            + "INSERT INTO funds_duesreceipt (org_id, county_id, month, employer_name, credit_code,"
            " payroll, amount, preparatory, created_at)"
            f" SELECT o.id, {county_of}, {_add_months('2016-01-01', 's.n - 1')}, o.employer_name,"
            " o.id || '', 50000, 1000, %s, %s"
            f" FROM orgs_org o CROSS JOIN s WHERE {grassroots}",
            [False, date(2018, 7, 1)],
        )
        cur.execute(
            "INSERT INTO unions_election (org_id, county_id, elected_on, term_years, kind, due_on,"
            " note)"
            f" SELECT o.id, {county_of}, {_add_days('2013-01-01', 'o.id % 1800')}, 5, 'first',"
            f" {_add_days('2018-01-01', 'o.id % 1800')}, '' FROM orgs_org o WHERE {grassroots}"
        )
        cur.execute(
            "INSERT INTO unions_election (org_id, county_id, elected_on, term_years, kind, due_on,"
            " note)"
            f" SELECT o.id, {county_of}, {_add_days('2018-01-01', 'o.id % 170')}, 5, 'regular',"
            f" {_add_days('2023-01-01', 'o.id % 170')}, '' FROM orgs_org o"
            f" WHERE {grassroots} AND o.id % 4 = 0"
        )
        cur.execute(
            "UPDATE unions_election SET superseded_on = (SELECT MIN(n.elected_on)"
            " FROM unions_election n WHERE n.org_id = unions_election.org_id"
            " AND n.elected_on > unions_election.elected_on)"
        )
    months = totals.rebuild()
    with connection.cursor() as cur:
        cur.execute("ANALYZE")
    from gonghui.funds.models import DuesReceipt
    from gonghui.unions.models import Election

    return {
        "counties": counties_n,
        "unions": Org.objects.filter(level=Level.GRASSROOTS, path__startswith=top.path).count(),
        "receipts": DuesReceipt.objects.count(),
        "elections": Election.objects.count(),
        "month_totals": months,
    }
