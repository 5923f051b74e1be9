"""The JSON API (/api/v1/): one NinjaAPI; each module adds its `router` in its own `api.py`.

Errors are uniform: {"error": {"code", "message", "field"}}. Every query goes through the same
scoping as the pages (gonghui.orgs.scoping), with the token's account as the user.
"""

from __future__ import annotations

import logging
from importlib import import_module
from importlib.util import find_spec
from typing import Any

from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.utils import InterfaceError, OperationalError
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from gonghui.api.auth import TokenAuth
from gonghui.api.messages import http_error_message, validation_message
from gonghui.core import errors

logger = logging.getLogger("django.request")

api = NinjaAPI(
    title="工会工作平台 API",
    version="1",
    description="工会工作平台的数据接口。所有请求需带 `Authorization: Bearer <令牌>`；"
    "令牌由管理员为绑定到某一工会的系统账户签发，只能读写该工会及其下级的数据。",
    auth=TokenAuth(),
    urls_namespace="api",
    docs_url="/docs",
    openapi_url="/openapi.json",
)


def error(
    request: HttpRequest, status: int, code: str, message: str, field: str = ""
) -> HttpResponse:
    """The uniform error body."""
    return api.create_response(request, errors.error_body(code, message, field), status=status)


@api.exception_handler(NinjaValidationError)
def on_invalid_input(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    first: dict[str, Any] = exc.errors[0] if exc.errors else {}
    loc = [str(p) for p in first.get("loc", []) if p not in {"body", "query", "path", "payload"}]
    return error(request, 422, "invalid", f"参数不正确：{validation_message(first)}", ".".join(loc))


@api.exception_handler(ValidationError)
def on_rule_broken(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    if hasattr(exc, "error_dict"):
        field, messages = next(iter(exc.message_dict.items()))
        return error(request, 422, "invalid", "；".join(messages), field)
    return error(request, 422, "invalid", "；".join(exc.messages))


@api.exception_handler(Http404)
def on_not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return error(request, 404, "not_found", errors.NOT_FOUND)


@api.exception_handler(PermissionDenied)
def on_forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return error(request, 403, "forbidden", str(exc) or "无权执行此操作")


@api.exception_handler(AuthenticationError)
def on_unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return error(request, 401, "unauthorized", "缺少令牌，或令牌无效、已撤销")


@api.exception_handler(HttpError)
def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return error(request, exc.status_code, "error", http_error_message(exc.status_code, str(exc)))


@api.exception_handler(OperationalError)
@api.exception_handler(InterfaceError)
def on_database_unavailable(request: HttpRequest, exc: Exception) -> HttpResponse:
    logger.error("数据库无法连接：%s", exc, extra={"request": request})
    response = error(request, 503, "unavailable", errors.DATABASE_DOWN)
    response["Retry-After"] = str(errors.RETRY_AFTER_SECONDS)
    return response


@api.exception_handler(Exception)
def on_server_error(request: HttpRequest, exc: Exception) -> HttpResponse:
    logger.exception("API 请求出错：%s", request.path, extra={"request": request})
    return error(request, 500, "error", errors.SERVER_ERROR)


def mount_module_routers() -> None:
    """Add each module's `router` from its `api.py` under /api/v1/<module>/."""
    for config in apps.get_app_configs():
        name = f"{config.name}.api"
        if config.name.startswith("gonghui.") and config.label != "api" and find_spec(name):
            router = getattr(import_module(name), "router", None)
            if router is not None:
                api.add_router(f"/{config.label}/", router)


api.add_router("/indicators/", "gonghui.api.indicators.router")
mount_module_routers()
