"""Types shared by the modules' API routers."""

from typing import Annotated

from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination

# Path and query ids: positive and within what every database's bigint holds.
ObjectId = Annotated[int, Field(ge=1, le=2**53)]


class Pagination(LimitOffsetPagination):
    """limit/offset paging with both bounded (an offset of 10^20 is a 422, not a 500)."""

    class Input(Schema):
        limit: int = Field(50, ge=1, le=200)
        offset: int = Field(0, ge=0, le=10_000_000)
