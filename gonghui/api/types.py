"""Types shared by the modules' API routers."""

from datetime import date
from typing import Annotated

from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination
from pydantic import AfterValidator

# Path and query ids: positive and within what every database's bigint holds.
ObjectId = Annotated[int, Field(ge=1, le=2**53)]


class Pagination(LimitOffsetPagination):
    """limit/offset paging with both bounded (an offset of 10^20 is a 422, not a 500)."""

    class Input(Schema):
        limit: int = Field(50, ge=1, le=200)
        offset: int = Field(0, ge=0, le=10_000_000)


# Dates the modules' calendar arithmetic can take (a year before or after is still a date):
# anything outside is invalid input (422), never an overflow (500).
Day = Annotated[date, Field(ge=date(1900, 1, 1), le=date(2999, 12, 31))]


def _plain_text(value: str) -> str:
    """Refuse text no record may hold: control characters and unpaired surrogates."""
    if any((ord(ch) < 32 and ch not in "\t\n\r") or ord(ch) == 127 for ch in value):
        raise ValueError("不能包含控制字符")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError("含有无法识别的字符") from None
    return value


# Free text in request bodies: printable, storable in every database.
PlainText = Annotated[str, AfterValidator(_plain_text)]


class ErrorDetail(Schema):
    code: str = Field(description="not_found / invalid / forbidden / unauthorized / error")
    message: str = Field(description="中文说明")
    field: str = Field(description="出错的字段（无则为空）")


class ErrorOut(Schema):
    """The uniform error body of every refusal: {"error": {"code", "message", "field"}}."""

    error: ErrorDetail
