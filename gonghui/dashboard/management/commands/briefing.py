"""`manage.py briefing --org 350400 --as-of 2018-06-30 --out briefing.docx`."""

from datetime import date
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from gonghui.core.management.commands.indicators import find_org
from gonghui.dashboard import briefing


class Command(BaseCommand):
    help = "生成讲话素材/情况通报（Word，公文格式），所有数字由记录计算"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--org", required=True, help="行政区划代码、统一社会信用代码或编号")
        parser.add_argument("--as-of", required=True, help="截至日期 YYYY-MM-DD")
        parser.add_argument("--out", required=True, help="输出的 .docx 文件")

    def handle(self, *args: Any, **options: Any) -> None:
        org = find_org(options["org"])
        try:
            as_of = date.fromisoformat(options["as_of"])
        except ValueError as exc:
            raise CommandError(f"截至日期“{options['as_of']}”格式不正确，应为 2018-06-30") from exc
        content = briefing.document(briefing.compose(org, as_of))
        Path(options["out"]).write_bytes(content)
        self.stdout.write(f"已生成 {options['out']}（{org.name}，截至 {as_of}）")
