"""`manage.py indicators --org 350400 --as-of 2018-06-30 [--json]`: every registered figure."""

import json
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from gonghui.core import indicators
from gonghui.orgs.models import Org


def find_org(ref: str) -> Org:
    """An org by administrative code, credit code or id."""
    org = Org.objects.filter(admin_code=ref).first() or Org.objects.filter(credit_code=ref).first()
    if org is None and ref.isdigit() and len(ref) < 6:
        org = Org.objects.filter(pk=int(ref)).first()
    if org is None:
        raise CommandError(f"找不到工会组织“{ref}”（请用行政区划代码、统一社会信用代码或编号）")
    return org


class Command(BaseCommand):
    help = "计算某工会组织截至某日的全部指标"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--org", required=True, help="行政区划代码、统一社会信用代码或编号")
        parser.add_argument("--as-of", default=None, help="截至日期 YYYY-MM-DD（默认今天）")
        parser.add_argument("--json", action="store_true", help="输出 JSON 列表")
        parser.add_argument("--prefix", default="", help="只算名称以此开头的指标，如 hardship.")

    def handle(self, *args: Any, **options: Any) -> None:
        org = find_org(options["org"])
        try:
            as_of = date.fromisoformat(options["as_of"]) if options["as_of"] else date.today()
        except ValueError as exc:
            raise CommandError(f"截至日期“{options['as_of']}”格式不正确，应为 2018-06-30") from exc
        values = indicators.compute_all(org, as_of, prefix=options["prefix"])
        if options["json"]:
            self.stdout.write(
                json.dumps([v.as_json() for v in values], ensure_ascii=False, indent=2)
            )
            return
        self.stdout.write(f"{org.name}，截至 {as_of}：")
        for v in values:
            self.stdout.write(f"  {v.name:<36} {v.label}：{v.value}{v.unit}")
