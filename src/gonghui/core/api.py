"""What every API router shares (the error body, declared answers, bounded input types, error handlers), and
the audit-log API for the 审计员 role.

Bad input answers 400 with the usual `{"code", "message", "fields"}` body and a Chinese message naming each
field, never 422 or 500: the handlers below turn ninja's validation errors, unparsable bodies and values the
database cannot hold into that body, and the bounded types keep ids, years, counts and offsets inside what
Python dates and the database columns can hold before any code runs.
"""

import datetime as dt
import logging
from collections.abc import Callable, Iterator
from functools import wraps
from typing import Annotated, Any

from django.db import DataError
from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Field, NinjaAPI, Query, Router, Schema
from ninja.conf import settings as ninja_settings
from ninja.errors import HttpError
from ninja.errors import ValidationError as InputError
from ninja.pagination import LimitOffsetPagination, paginate
from pydantic import AfterValidator, BaseModel
from pydantic_core import PydanticCustomError

from .access import access
from .audit import action_label
from .errors import DomainError
from .selectors import audit_events_for

log = logging.getLogger(__name__)

MAX_ID = 2**63 - 1  # primary keys are 64-bit
MAX_INT = 2**31 - 1  # an IntegerField is 32-bit on PostgreSQL

Id = Annotated[int, Field(ge=1, le=MAX_ID)]
"""A record's id: what the database can hold; anything else is a 400 naming the field."""
Count = Annotated[int, Field(ge=0, le=MAX_INT)]
"""A number of people or things, stored in an integer column."""
Year = Annotated[int, Field(ge=1, le=9999)]
"""A calendar year Python's dates can represent."""
FIRST_DAY, LAST_DAY = dt.date(1900, 1, 1), dt.date(2100, 12, 31)
Day = Annotated[dt.date, Field(ge=FIRST_DAY, le=LAST_DAY)]
"""A day to count figures on or over: code that steps a year or a day from it stays inside the calendar."""


def _local_moment(value: dt.datetime) -> dt.datetime:
    # Bounded before any conversion: 9999-12-31T23:59-12:00 is past the end of Python's calendar in UTC.
    if not FIRST_DAY <= value.date() <= LAST_DAY:
        raise PydanticCustomError("calendar_range", "outside the calendar Gonghui keeps")
    return timezone.make_aware(value) if timezone.is_naive(value) else value


Moment = Annotated[dt.datetime, AfterValidator(_local_moment)]
"""A point in time; without a UTC offset it is Beijing time (TIME_ZONE), as people write it."""


class ErrorOut(Schema):
    """Every error answer: a stable code for programs, a Chinese message for people, and the fields at fault."""

    code: str = Field(..., description="稳定的错误代码，如 invalid、not_found、already_member")
    message: str = Field(..., description="给用户看的中文说明")
    fields: dict[str, str] = Field(default_factory=dict, description="出错的字段及原因")


def reads(ok: Any) -> dict[int, Any]:
    """The answers of a read: its data, bad input (400), no token (401), nothing visible to the caller (404)."""
    return {200: ok, **dict.fromkeys((400, 401, 404), ErrorOut)}


def writes(ok: Any, status: int = 200) -> dict[int, Any]:
    """The answers of a write: those of a read, a refused session CSRF check (403), a conflict with the data
    as it stands (409) and a body over the size limit (413, core/limits_middleware.py)."""
    errors = (400, 401, 403, 404, 409, 413)
    return {status: ok, **dict.fromkeys(errors, ErrorOut)}


class Pages(LimitOffsetPagination):
    """Limit and offset pages whose offset the database can take (an unbounded one overflows SQLite)."""

    class Input(Schema):
        limit: int = Field(
            ninja_settings.PAGINATION_PER_PAGE,
            ge=1,
            le=ninja_settings.PAGINATION_MAX_LIMIT,
            description="每页条数",
        )
        offset: int = Field(0, ge=0, le=MAX_INT, description="从第几条开始（从 0 起）")


# Field names as people read them; a name not listed here is shown as it is.
LABELS = {
    "activity_id": "活动",
    "after": "分页位置",
    "approve": "是否批准",
    "attendees": "人数",
    "auto_approve": "自动批准",
    "birth_date": "出生日期",
    "capacity": "名额",
    "card": "会员码",
    "channel": "入会渠道",
    "co_organiser_ids": "协办单位",
    "code": "会员码",
    "code_id": "入会二维码",
    "completion_sessions": "完成场次",
    "count": "人数",
    "date_from": "开始日期",
    "date_to": "结束日期",
    "doc_type": "证件类型",
    "employer_id": "用人单位",
    "end": "结束日期",
    "ends_on": "结束日期",
    "established_on": "成立日期",
    "event_id": "活动",
    "expires_at": "失效时间",
    "full_name": "姓名",
    "group_id": "小组",
    "handed_at": "发放时间",
    "handed_out_by": "发放人",
    "id_number": "证件号码",
    "ids": "入会申请",
    "item_id": "物资",
    "join_date": "入会日期",
    "joined_from": "入会日期起",
    "joined_to": "入会日期止",
    "kind": "类型",
    "leave_reason": "退会原因",
    "level": "组织层级",
    "limit": "每页条数",
    "lines": "物资明细",
    "max_party_size": "每人最多报名人数",
    "member_id": "会员",
    "member_number": "会员证号",
    "mobile": "手机号码",
    "name": "名称",
    "new_parent_id": "新的上级组织",
    "offset": "起始位置",
    "on": "统计日期",
    "on_date": "日期",
    "org": "组织",
    "org_id": "组织",
    "package_id": "礼包",
    "packages": "礼包数量",
    "paid_until": "会费缴至",
    "parent_id": "上级组织",
    "party_size": "报名人数",
    "people_covered": "覆盖人数",
    "period": "统计期间",
    "place_id": "服务阵地",
    "quantity": "数量",
    "reason": "原因",
    "recipient_kind": "发放对象类型",
    "registration_id": "报名",
    "session_id": "场次",
    "start": "开始日期",
    "starts_on": "开始日期",
    "status": "状态",
    "subtree": "组织",
    "term_start": "任期开始",
    "term_years": "任期（年）",
    "title": "标题",
    "to_union_id": "转入工会",
    "topic": "主题",
    "transfer_id": "转会",
    "union": "工会",
    "union_id": "工会",
    "unit_id": "承办单位",
    "year": "年份",
}


def _problem(error: dict) -> str:
    """What is wrong with one value, in Chinese, from pydantic's error type and context."""
    kind, ctx = error.get("type", ""), error.get("ctx") or {}
    fixed = {
        "missing": "必填",
        "json_invalid": "不是有效的 JSON",
        "string_pattern_mismatch": "格式不正确",
        "date_from_datetime_inexact": "应为日期，不含时间",
        "calendar_range": f"应在 {FIRST_DAY} 至 {LAST_DAY} 之间",
    }
    bounds = {
        "greater_than_equal": ("不能小于", "ge"),
        "greater_than": ("应大于", "gt"),
        "less_than_equal": ("不能大于", "le"),
        "less_than": ("应小于", "lt"),
        "string_too_short": ("字数不能少于", "min_length"),
        "string_too_long": ("字数不能多于", "max_length"),
        "too_short": ("项数不能少于", "min_length"),
        "too_long": ("项数不能多于", "max_length"),
    }
    shapes = [
        ("datetime", "应为日期时间，如 2026-01-31T09:00:00+08:00"),
        ("date", "应为日期，如 2026-01-31"),
        ("time", "应为时间，如 09:00"),
        ("int", "应为整数"),
        ("float", "应为数字"),
        ("decimal", "应为数字"),
        ("bool", "应为 true 或 false"),
        ("string", "应为文字"),
        ("list", "应为列表"),
        ("tuple", "应为列表"),
        ("set", "应为列表"),
        ("dict", "应为对象"),
        ("model", "应为对象"),
    ]
    if kind in fixed:
        return fixed[kind]
    if kind in bounds:
        words, key = bounds[kind]
        return f"{words} {ctx.get(key)}"
    if kind in ("enum", "literal_error"):
        return f"应为以下之一：{ctx.get('expected', '')}"
    return next((text for prefix, text in shapes if kind.startswith(prefix)), "取值无效")


def _field(loc: tuple) -> str:
    """`("body", "payload", "lines", 0, "item_id")` → `lines.0.item_id`: where the value sits in the input."""
    parts = [str(p) for p in loc[1:]]
    if loc and loc[0] == "body":
        parts = parts[1:]  # the name of the view's body parameter means nothing to the caller
    return ".".join(parts) or "body"


def _label(field: str) -> str:
    names = [p for p in field.split(".") if not p.isdigit()]
    label = LABELS.get(names[-1]) if names else None
    return f"{label}（{field}）" if label else field


def invalid(fields: dict[str, str]) -> DomainError:
    """Bad input: each field with what is wrong with it, and one message naming them all in Chinese."""
    message = "输入有误：" + "；".join(f"{_label(name)}{text}" for name, text in fields.items())
    return DomainError("invalid", message, fields=fields)


def _invalid_input(exc: InputError) -> DomainError:
    fields: dict[str, str] = {}
    for error in exc.errors:
        fields.setdefault(_field(tuple(error.get("loc", ()))), _problem(error))
    return invalid(fields)


def _nul_fields(value: Any, where: str) -> Iterator[str]:
    """Where in a validated input a text holds NUL, which PostgreSQL cannot store (and SQLite would)."""
    if isinstance(value, str):
        if "\x00" in value:
            yield where
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from _nul_fields(getattr(value, name), f"{where}.{name}" if where else name)
    elif isinstance(value, dict):
        for key, item in value.items():
            if "\x00" in str(key):
                yield f"{where}.{key}"
            yield from _nul_fields(item, f"{where}.{key}")
    elif isinstance(value, list | tuple | set):
        for i, item in enumerate(value):
            yield from _nul_fields(item, f"{where}.{i}")


def refuse_nul(view: Callable) -> Callable:
    """An operation decorator (`api.add_decorator`): text holding NUL is a 400 naming the field on every
    database, instead of a database error on PostgreSQL and a stored NUL on SQLite."""

    @wraps(view)
    def checked(request, **kwargs):
        # a schema parameter's own name is not part of the input; its fields are (query names, body keys)
        fields = {
            field: "不能含有空字符"
            for name, value in kwargs.items()
            for field in _nul_fields(value, "" if isinstance(value, BaseModel) else name)
        }
        if fields:
            raise invalid(fields)
        return view(request, **kwargs)

    return checked


HTTP_ERRORS = {
    400: ("bad_request", "请求内容无法解析，请以 JSON 格式提交"),
    401: ("unauthorized", "请先登录或提供访问令牌"),
    403: ("forbidden", "请求被拒绝：CSRF 校验失败，请刷新页面后重试"),
    429: ("throttled", "请求过于频繁，请稍后再试"),
}


def install_error_handlers(api: NinjaAPI) -> None:
    """Every error the API gives has the usual body; bad input is a 400, never a 422 or a 500."""

    def answer(request, body: dict, status: int):
        return api.create_response(request, body, status=status)

    @api.exception_handler(DomainError)
    def domain_error(request, exc: DomainError):
        return answer(request, exc.as_dict(), exc.status)

    @api.exception_handler(Http404)
    def not_found(request, exc):
        return answer(request, {"code": "not_found", "message": "未找到该记录", "fields": {}}, 404)

    @api.exception_handler(InputError)
    def invalid_input(request, exc: InputError):
        return answer(request, _invalid_input(exc).as_dict(), 400)

    @api.exception_handler(HttpError)
    def http_error(request, exc: HttpError):
        code, message = HTTP_ERRORS.get(exc.status_code, ("error", str(exc)))
        return answer(request, {"code": code, "message": message, "fields": {}}, exc.status_code)

    def out_of_range(request, exc: Exception):
        # The bounded input types should stop these first; a log line shows where one got through.
        log.warning("out-of-range input reached %s %s: %s", request.method, request.path, exc)
        body = {"code": "out_of_range", "message": "数值或日期超出允许的范围", "fields": {}}
        return answer(request, body, 400)

    api.add_exception_handler(OverflowError, out_of_range)
    api.add_exception_handler(DataError, out_of_range)


router = Router(tags=["审计 audit"])


class AuditOut(Schema):
    id: int
    created_at: dt.datetime
    actor: str = Field(..., alias="actor_username")
    category: str
    action: str = Field(..., description="操作代码，如 member.enrol（写入后不再改变）")
    action_label: str = Field(..., description="操作的中文名称，如 会员入会")
    org_id: int | None
    target_type: str
    target_id: str
    target_label: str
    before: dict | None
    after: dict | None
    reason: str
    ip: str | None

    @staticmethod
    def resolve_action_label(event) -> str:
        return action_label(event.action)


class AuditFilters(Schema):
    category: str | None = None
    action: str | None = Field(None, description="操作代码或其开头，如 login 同时查到 login.failed")
    username: str | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None


@router.get("/", response=reads(list[AuditOut]))
@access("audit.view")
@paginate(Pages)
def list_audit(request: HttpRequest, filters: Query[AuditFilters]):
    return audit_events_for(actor=request.user, **filters.dict())
