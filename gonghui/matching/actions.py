"""Named writes of data comparison: upload a list, map its columns, run it, decide on flags."""

from __future__ import annotations

import os
import uuid
from datetime import date
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from gonghui.core import audit
from gonghui.matching import engine, runs
from gonghui.matching.models import (
    ComparisonRun,
    Flag,
    FlagState,
    ListKind,
    ReferenceList,
)
from gonghui.orgs.models import Org

MAX_UPLOAD_BYTES = 2 * 1024**3

# Accepted header aliases per field, for guessing the mapping (first match wins).
ALIASES: dict[str, tuple[str, ...]] = {
    "id": ("身份证号", "身份证号码", "公民身份号码", "证件号码", "身份证", "证件号"),
    "name": ("姓名", "名字", "人员姓名"),
    "birth_date": ("出生日期", "出生年月日", "生日", "出生年月"),
    "sex": ("性别",),
    "region": ("地区", "户籍地", "行政区划", "区划代码", "户籍所在地", "所在地区"),
    "fact_date": ("日期", "死亡日期", "登记日期", "发生日期", "注册日期", "发放日期"),
    "value": ("金额", "数额", "价值", "工资", "保障金额"),
}


def guess_mapping(headers: list[str]) -> dict[str, str]:
    """Map fields to the file's headers by the usual Chinese names."""
    guessed: dict[str, str] = {}
    for field, names in ALIASES.items():
        for name in names:
            if name in headers:
                guessed[field] = name
                break
    return guessed


def upload_list(
    user: Any,
    *,
    org: Org,
    kind: str,
    title: str,
    upload: UploadedFile,
    source: str = "",
    request: HttpRequest | None = None,
) -> ReferenceList:
    """Store an uploaded list under the var dir and record it; refuse unknown types and size."""
    if kind not in ListKind.values:
        raise ValidationError("请选择名单类别")
    try:
        fmt = engine.file_format(upload.name or "")
    except engine.ListFileError as exc:
        raise ValidationError(str(exc)) from exc
    if upload.size and upload.size > MAX_UPLOAD_BYTES:
        raise ValidationError("文件超过 2 GB，请拆分后分别上传")
    target = runs.upload_dir() / f"{uuid.uuid4().hex}.{fmt}"
    # Kept as it is (DuckDB reads it in place; see docs/jobs.md), so readable by this user only.
    with os.fdopen(os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "wb") as handle:
        for chunk in upload.chunks():
            handle.write(chunk)
    try:
        headers = engine.list_headers(target, upload.name)
        if not engine.has_rows(target, upload.name):
            raise engine.ListFileError("名单只有表头、没有数据行：没有可比对的名单")
    except engine.ListFileError as exc:
        target.unlink(missing_ok=True)
        raise ValidationError(f"{upload.name}：{exc}") from exc
    ref = runs.new_reference_list(
        org=org,
        kind=kind,
        title=title.strip() or (upload.name or "名单"),
        path=target,
        filename=upload.name or target.name,
        mapping=guess_mapping(headers),
        user=user,
        source=source,
    )
    audit.record(
        "matching.list_uploaded",
        actor=user,
        obj=ref,
        request=request,
        detail={"title": ref.title, "kind": kind, "bytes": ref.size_bytes},
    )
    return ref


def map_columns(user: Any, ref: ReferenceList, mapping: dict[str, str]) -> dict[str, Any]:
    """Check a mapping against the file, store it with the ID counts, and return the preview."""
    if ref.file_deleted_at or not ref.file_path or not Path(ref.file_path).is_file():
        raise ValidationError("名单文件已在比对后删除，请重新上传")
    try:
        shown = engine.preview(ref.file_path, mapping, filename=ref.filename)
    except engine.ListFileError as exc:
        raise ValidationError(f"{ref.filename}：{exc}") from exc
    ref.column_mapping = {k: v for k, v in mapping.items() if v}
    ref.preview_counts = shown["counts"]
    ref.save(update_fields=["column_mapping", "preview_counts"])
    return shown


def start_run(
    user: Any, ref: ReferenceList, as_of: date | None = None, request: HttpRequest | None = None
) -> ComparisonRun:
    """Queue a comparison of the list against the open archives of its org subtree."""
    if not ref.preview_counts:
        raise ValidationError("请先确认列对应并预检名单")
    if ref.file_deleted_at or not ref.file_path or not Path(ref.file_path).is_file():
        raise ValidationError("名单文件已在比对后删除，请重新上传")
    if ref.runs.filter(status__in=["queued", "running"]).exists():
        raise ValidationError("这份名单正在比对中，请稍候")
    from gonghui.matching.tasks import run_comparison

    run = ComparisonRun.objects.create(
        reference_list=ref,
        org=ref.org,
        as_of=as_of or timezone.localdate(),
        started_by=user if getattr(user, "is_authenticated", False) else None,
        rows_expected=ref.preview_counts.get("rows_read", 0),
    )
    audit.record(
        "matching.run_queued",
        actor=user,
        obj=run,
        org=ref.org,
        request=request,
        detail={"list": ref.title, "kind": ref.kind},
    )
    transaction.on_commit(lambda: run_comparison.enqueue(run.pk))
    return run


def _decide(
    user: Any,
    flag: Flag,
    state: str,
    reason: str,
    expected_version: int | None,
    request: HttpRequest | None,
) -> Flag:
    """Move an open flag to confirmed or dismissed, refusing a stale form."""
    with transaction.atomic():
        current = Flag.objects.select_for_update().get(pk=flag.pk)
        if expected_version is not None and current.version != expected_version:
            raise ValidationError("该疑点已被他人处理或修改，请刷新页面后再操作")
        if current.state != FlagState.OPEN:
            raise ValidationError(f"该疑点已{current.get_state_display()}，不能重复处理")
        Flag.objects.filter(pk=flag.pk).update(
            state=state,
            reason=reason,
            decided_on=timezone.localdate(),
            decided_by=user,
            version=current.version + 1,
        )
    flag.refresh_from_db()
    audit.record(
        f"matching.flag_{state}",
        actor=user,
        obj=flag,
        org=flag.org,
        request=request,
        detail={
            "person": flag.person_id,
            "subject": flag.subject_name,
            "implication": flag.implication,
            "run": flag.run_id,
            "reason": reason[:200],
        },
    )
    return flag


def confirm_flag(
    user: Any, flag: Flag, expected_version: int | None = None, request: HttpRequest | None = None
) -> Flag:
    """Confirm a flag: the archive must be adjusted (the caller opens the adjustment page);
    for a new candidate, the person is to be surveyed (the caller opens the survey form)."""
    return _decide(user, flag, FlagState.CONFIRMED, "", expected_version, request)


def dismiss_flag(
    user: Any,
    flag: Flag,
    reason: str,
    expected_version: int | None = None,
    request: HttpRequest | None = None,
) -> Flag:
    """Dismiss a flag with a reason; the same list content will not raise it again."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError("排除疑点须填写理由")
    return _decide(user, flag, FlagState.DISMISSED, reason[:200], expected_version, request)
