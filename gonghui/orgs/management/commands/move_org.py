"""`manage.py move_org ORG --to PARENT --on DATE`: move a unit under a new parent (dated)."""

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from gonghui.orgs.tree import find_org, move_org


def parse_day(raw: str) -> date:
    """A date as YYYY-MM-DD, or a clear error."""
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise CommandError(f"日期“{raw}”格式不对，应为YYYY-MM-DD") from None


class Command(BaseCommand):
    help = "将工会（连同下级）于生效日期移至新的上级工会；ORG、PARENT 可用行政区划代码或编号"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("org", help="要移动的工会：行政区划代码或编号")
        parser.add_argument("--to", required=True, help="新的上级工会：行政区划代码或编号")
        parser.add_argument("--on", required=True, help="生效日期 YYYY-MM-DD")

    def handle(self, *args: Any, **options: Any) -> None:
        on = parse_day(options["on"])
        try:
            org = find_org(options["org"])
            parent = find_org(options["to"])
            moved = move_org(org, parent, on)
        except ValidationError as exc:
            raise CommandError("；".join(exc.messages)) from None
        self.stdout.write(f"{moved.name}自{on}起隶属于{parent.name}。")
