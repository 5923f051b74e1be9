"""`manage.py merge_org ORG --into ORG --on DATE`: merge a unit into another (dated)."""

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from gonghui.orgs.management.commands.move_org import parse_day
from gonghui.orgs.tree import find_org, merge_org


class Command(BaseCommand):
    help = "将工会于生效日期并入同级的另一工会；ORG 可用行政区划代码或编号"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("org", help="被合并的工会：行政区划代码或编号")
        parser.add_argument("--into", required=True, help="并入的工会：行政区划代码或编号")
        parser.add_argument("--on", required=True, help="生效日期 YYYY-MM-DD")

    def handle(self, *args: Any, **options: Any) -> None:
        on = parse_day(options["on"])
        try:
            merged = find_org(options["org"])
            into = find_org(options["into"])
            merge_org(merged, into, on)
        except ValidationError as exc:
            raise CommandError("；".join(exc.messages)) from None
        self.stdout.write(f"{merged.name}自{on}起并入{into.name}。")
