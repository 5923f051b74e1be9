"""`manage.py compare FILE --kind KIND [--column id=身份证号 ...] [--org 350400] [--as-of DATE]`:
compare a list file with the open archives of an org subtree, write the flags, print the counts
and the time of each stage (for scheduled and scripted use; the file itself is left alone)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from gonghui.matching import actions, engine, runs
from gonghui.matching.models import ComparisonRun, ListKind, RunStatus
from gonghui.orgs.models import Org, User

COUNT_LABELS = {
    "rows_read": "读取行数",
    "ids_valid": "有效身份证号",
    "ids_invalid": "无效身份证号",
    "ids_missing": "缺少身份证号",
    "ids_15_converted": "15位转换",
    "ids_cleaned": "规范化（全角、空格、小写x）",
    "archive_persons": "比对档案人数",
    "fuzzy_candidates": "模糊比对候选行",
    "fuzzy_pairs": "模糊比对候选对",
    "flags_exact_id": "疑点：身份证号精确",
    "flags_fuzzy": "疑点：姓名+出生日期模糊",
    "flags_written": "新写入疑点",
    "new_candidates": "新增建档线索",
    "flags_suppressed": "已处理过未重复提示",
}


def _date(raw: str) -> date:
    try:
        return date.fromisoformat(raw)
    except ValueError as exc:
        raise CommandError(f"日期“{raw}”格式不正确，应为 2018-06-30 这样的形式") from exc


class Command(BaseCommand):
    help = "数据比对：名单文件与在档困难职工家庭全部成员比对，写入疑点并打印计数和各阶段用时"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file", help="名单文件（CSV、XLSX 或 Parquet）")
        parser.add_argument("--kind", required=True, choices=ListKind.values, help="名单类别")
        parser.add_argument(
            "--column",
            action="append",
            default=[],
            metavar="FIELD=表头",
            help=f"列对应，可重复；字段：{'、'.join(engine.FIELDS)}（默认按常见表头识别）",
        )
        parser.add_argument("--org", default="", help="比对范围的行政区划代码（默认全部）")
        parser.add_argument("--as-of", type=_date, help="档案日期（默认今天）")
        parser.add_argument("--title", default="", help="名单名称（默认文件名）")
        parser.add_argument("--user", default="", help="记入审计日志的用户名")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"找不到文件：{path}")
        org = self._org(options["org"])
        user = None
        if options["user"]:
            user = User.objects.filter(username=options["user"]).first()
            if user is None:
                raise CommandError(f"没有用户“{options['user']}”")
        try:
            headers = engine.list_headers(path)
        except engine.ListFileError as exc:
            raise CommandError(str(exc)) from exc
        mapping = actions.guess_mapping(headers)
        for item in options["column"]:
            field, sep, header = item.partition("=")
            if not sep or field not in engine.FIELDS:
                raise CommandError(
                    f"列对应“{item}”格式不正确，应为 字段=表头，字段为 {'、'.join(engine.FIELDS)}"
                )
            mapping[field] = header
        ref = runs.new_reference_list(
            org=org,
            kind=options["kind"],
            title=options["title"] or path.name,
            path=path.resolve(),
            filename=path.name,
            mapping=mapping,
            user=user,
            owns_file=False,
        )
        run = ComparisonRun.objects.create(
            reference_list=ref,
            org=org,
            as_of=options["as_of"] or timezone.localdate(),
            started_by=user,
            status=RunStatus.RUNNING,
        )
        runs.execute(run)
        run.refresh_from_db()
        if run.status == RunStatus.FAILED:
            raise CommandError(run.error)
        self.stdout.write(f"比对完成：{ref.title}（{ref.get_kind_display()}，范围 {org.name}）")
        for key, label in COUNT_LABELS.items():
            if key in run.counts:
                self.stdout.write(f"  {label}：{run.counts[key]}")
        self.stdout.write(
            "  各阶段用时："
            + "，".join(f"{k} {v:.2f}s" for k, v in engine.ordered_timings(run.timings))
        )
        # Stage times nest ("fuzzy.*" within "fuzzy"): the total counts the top stages only.
        total = sum(v for k, v in run.timings.items() if "." not in k)
        self.stdout.write(f"  总用时：{total:.2f}s")

    def _org(self, code: str) -> Org:
        """The org whose subtree is compared: by admin code, else the root."""
        if code:
            org = Org.objects.filter(admin_code=code).first()
            if org is None:
                raise CommandError(f"没有行政区划代码为“{code}”的单位")
            return org
        root = Org.objects.filter(parent__isnull=True).order_by("pk").first()
        if root is None:
            raise CommandError("还没有任何单位：请先导入组织机构或加载演示数据")
        return root
