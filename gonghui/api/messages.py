"""Chinese messages for the API's refusals: pydantic's and ninja's own are English."""

from __future__ import annotations

import re
from typing import Any

_BY_TYPE: dict[str, str] = {
    "missing": "缺少此项",
    "int_parsing": "应为整数",
    "int_type": "应为整数",
    "int_from_float": "应为整数",
    "float_parsing": "应为数字",
    "float_type": "应为数字",
    "decimal_parsing": "应为数字",
    "decimal_type": "应为数字",
    "bool_parsing": "应为 true 或 false",
    "bool_type": "应为 true 或 false",
    "string_type": "应为文本",
    "date_parsing": "应为 2018-06-30 这样的日期",
    "date_from_datetime_parsing": "应为 2018-06-30 这样的日期",
    "date_from_datetime_inexact": "应为 2018-06-30 这样的日期",
    "date_type": "应为 2018-06-30 这样的日期",
    "datetime_parsing": "应为 2018-06-30T09:00:00 这样的时间",
    "datetime_from_date_parsing": "应为 2018-06-30T09:00:00 这样的时间",
    "datetime_type": "应为 2018-06-30T09:00:00 这样的时间",
    "json_invalid": "不是有效的 JSON",
    "json_type": "不是有效的 JSON",
    "model_type": "应为 JSON 对象",
    "model_attributes_type": "应为 JSON 对象",
    "dict_type": "应为 JSON 对象",
    "list_type": "应为列表",
    "uuid_parsing": "应为 UUID",
    "extra_forbidden": "不接受此项",
    "string_unicode": "含有无法识别的字符",
}

_BOUND = {
    "greater_than_equal": ("ge", "不能小于 {}"),
    "greater_than": ("gt", "应大于 {}"),
    "less_than_equal": ("le", "不能大于 {}"),
    "less_than": ("lt", "应小于 {}"),
    "string_too_long": ("max_length", "不能超过 {} 个字符"),
    "string_too_short": ("min_length", "至少 {} 个字符"),
    "too_long": ("max_length", "不能超过 {} 项"),
    "too_short": ("min_length", "至少 {} 项"),
}

_CJK = re.compile(r"[\u4e00-\u9fff]")

_BY_STATUS = {
    400: "请求内容无法解析，请发送有效的 JSON",
    401: "缺少令牌，或令牌无效、已撤销",
    403: "无权执行此操作",
    404: "不存在，或不在本账户的权限范围内",
    405: "此地址不支持该请求方法",
    429: "请求过于频繁，请稍后再试",
}


def has_chinese(text: str) -> bool:
    """True when the text is (at least partly) Chinese, i.e. one of our own messages."""
    return bool(_CJK.search(text))


def validation_message(error: dict[str, Any]) -> str:
    """A Chinese message for one pydantic error (our own validators' messages are kept)."""
    kind = str(error.get("type", ""))
    ctx = error.get("ctx") or {}
    if kind in _BY_TYPE:
        return _BY_TYPE[kind]
    if kind in _BOUND:
        key, template = _BOUND[kind]
        return template.format(ctx.get(key, ""))
    if kind in {"enum", "literal_error"}:
        return f"只能是：{ctx.get('expected', '')}" if ctx.get("expected") else "不是可选的值"
    message = str(error.get("msg", ""))
    message = message.removeprefix("Value error, ").removeprefix("Assertion failed, ")
    return message if has_chinese(message) else "格式不正确"


def http_error_message(status: int, message: str) -> str:
    """Our own Chinese message, else a Chinese one for the status (ninja's are English)."""
    if has_chinese(message):
        return message
    return _BY_STATUS.get(status, "请求未能完成")
