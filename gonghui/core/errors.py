"""Error pages and bodies: JSON under the API, Chinese pages elsewhere, 503 when the database
is unreachable (with Retry-After), so that a client can tell an outage from a bug.

Django calls these handlers for exceptions raised anywhere (views or middleware), inside the
`except` that caught them, so the exception is still at hand in `sys.exc_info()`.
"""

from __future__ import annotations

import sys
from collections.abc import Callable

from django.db.utils import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template import loader
from django.views import defaults

RETRY_AFTER_SECONDS = 30
API_PREFIX = "/api/"
DATABASE_DOWN = "系统暂时无法连接数据库，请稍后再试。"
SERVER_ERROR = "服务器处理请求时出错，已记录。请稍后再试，或联系系统管理员。"
NOT_FOUND = "不存在，或不在本账户的权限范围内"


def database_unavailable(exc: BaseException | None) -> bool:
    """True when the exception (or one it came from) says the database cannot be reached."""
    seen: set[int] = set()
    while exc is not None and id(exc) not in seen:
        if isinstance(exc, (OperationalError, InterfaceError)):
            return True
        seen.add(id(exc))
        exc = exc.__cause__ or exc.__context__
    return False


def is_api(request: HttpRequest) -> bool:
    """True for the JSON API's addresses."""
    return request.path.startswith(API_PREFIX)


def error_body(code: str, message: str, field: str = "") -> dict[str, dict[str, str]]:
    """The API's uniform error body (see gonghui.api.types.ErrorOut)."""
    return {"error": {"code": code, "message": message, "field": field}}


def unavailable_response(request: HttpRequest) -> HttpResponse:
    """503 with Retry-After: JSON for the API, the maintenance page (维护中) elsewhere."""
    if is_api(request):
        response: HttpResponse = JsonResponse(error_body("unavailable", DATABASE_DOWN), status=503)
    else:
        # Rendered without the request: its context processors would ask the database.
        response = HttpResponse(loader.render_to_string("503.html"), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500: 503 when the database is down; JSON under the API; else the 500 page."""
    if database_unavailable(sys.exc_info()[1]):
        return unavailable_response(request)
    if is_api(request):
        return JsonResponse(error_body("error", SERVER_ERROR), status=500)
    return defaults.server_error(request)


def not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """handler404: the uniform JSON body under the API, the Chinese page elsewhere."""
    if is_api(request):
        return JsonResponse(error_body("not_found", NOT_FOUND), status=404)
    return defaults.page_not_found(request, exception)


STATUS_MESSAGES = {
    400: "请求格式不正确",
    403: "无权执行此操作",
    404: NOT_FOUND,
    405: "此地址不支持该请求方法",
    413: "请求内容过大",
    415: "请求内容的类型不受支持，请发送 JSON",
    429: "请求过于频繁，请稍后再试",
}


class ApiErrorsAsJsonMiddleware:
    """Any refusal under the API that is not JSON yet (django-ninja's 405 "Method not
    allowed", Django's own 4xx pages) becomes the uniform JSON error body in Chinese."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            is_api(request)
            and response.status_code >= 400
            and not response.get("Content-Type", "").startswith("application/json")
        ):
            status = response.status_code
            message = STATUS_MESSAGES.get(status, SERVER_ERROR if status >= 500 else "请求未能完成")
            code = "not_found" if status == 404 else "error"
            replaced = JsonResponse(error_body(code, message), status=status)
            for header in ("Allow", "Retry-After"):
                if header in response:
                    replaced[header] = response[header]
            return replaced
        return response
