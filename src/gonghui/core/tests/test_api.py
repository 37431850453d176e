"""What every API operation shares: bad input is a 400 with the usual body naming the field in Chinese, errors
are declared in the schema, and no two schemas share a name."""

import datetime as dt
import json

import pytest
from django.test import Client
from ninja.openapi.schema import OpenAPISchema

from gonghui.accounts.services import token_create
from gonghui.api import api
from gonghui.core.scope import SYSTEM

pytestmark = pytest.mark.django_db


@pytest.fixture
def district(client, world):
    """A client holding the 朝阳区总工会 administrator's token."""
    token = token_create(actor=SYSTEM, user=world.user("chaoyang"), name="test")[1]
    client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    return client


def error(response, status: int) -> dict:
    assert response.status_code == status, response.content
    body = response.json()
    assert set(body) == {"code", "message", "fields"}
    return body


@pytest.mark.parametrize(
    ("path", "field", "label"),
    [
        ("/api/stats/?org=99999999999999999999", "org", "组织"),
        ("/api/stats/?org=-1", "org", "组织"),
        ("/api/stats/?on=2026-02-30", "on", "统计日期"),
        ("/api/stats/?on=0001-01-01", "on", "统计日期"),
        ("/api/stats/?start=2026-01-01&end=9999-12-31", "end", "结束日期"),
        ("/api/care/campaigns?year=abc", "year", "年份"),
        ("/api/care/campaigns?year=99999", "year", "年份"),
        ("/api/orgs/?offset=99999999999999999999", "offset", "起始位置"),
        ("/api/orgs/?limit=0", "limit", "每页条数"),
        ("/api/members/?after=99999999999999999999", "after", "分页位置"),
        ("/api/members/99999999999999999999", "member_id", "会员"),
        ("/api/orgs/abc", "org_id", "组织"),
    ],
)
def test_out_of_range_and_malformed_query_is_a_400_naming_the_field(district, path, field, label):
    body = error(district.get(path), 400)
    assert body["code"] == "invalid"
    assert field in body["fields"]
    assert f"{label}（{field}）" in body["message"]


def test_null_for_a_required_field_is_a_400_naming_it_in_chinese(district, world):
    r = district.post(
        "/api/members/",
        json.dumps({"union_id": None, "full_name": "张三", "id_number": "110105199001011234"}),
        content_type="application/json",
    )
    body = error(r, 400)
    assert body["fields"] == {"union_id": "应为整数"}
    assert body["message"] == "输入有误：工会（union_id）应为整数"


def test_a_missing_field_and_a_bad_nested_one_are_all_named(district, world):
    r = district.post(
        f"/api/care/units/{world.chaoyang.pk}/distributions",
        json.dumps({"recipient_kind": "worker", "lines": [{"item_id": 1, "quantity": -1}]}),
        content_type="application/json",
    )
    body = error(r, 400)
    assert body["fields"]["handed_out_by"] == "必填"
    assert body["fields"]["lines.0.quantity"] == "不能小于 0"
    assert "发放人（handed_out_by）必填" in body["message"]
    assert "数量（lines.0.quantity）不能小于 0" in body["message"]


def test_a_body_that_is_not_json_is_a_400(district):
    r = district.post("/api/orgs/", "{not json", content_type="application/json")
    assert error(r, 400)["code"] == "bad_request"


def test_no_token_is_a_401_with_the_usual_body(client, world):
    assert error(client.get("/api/orgs/"), 401)["code"] == "unauthorized"


def test_every_operation_declares_its_errors_with_the_error_schema():
    schema = api.get_openapi_schema()
    error_ref = {"$ref": "#/components/schemas/ErrorOut"}
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            responses = {str(code): answer for code, answer in operation["responses"].items()}
            expected = {"400", "401", "404"} | ({"403", "409", "413"} if method != "get" else set())
            declared = {code for code in responses if code >= "400"}
            assert declared == expected, (method, path)
            for code in expected:
                assert responses[code]["content"]["application/json"]["schema"] == error_ref


def test_no_two_schemas_share_a_name(monkeypatch):
    """ninja keeps the last of two schemas with one name and silently drops the other from the document."""
    seen: dict[str, dict] = {}
    add = OpenAPISchema.add_schema_definitions

    def checked(self, definitions: dict) -> None:
        for name, definition in definitions.items():
            assert seen.setdefault(name, definition) == definition, f"two schemas are named {name}"
        add(self, definitions)

    monkeypatch.setattr(OpenAPISchema, "add_schema_definitions", checked)
    api.get_openapi_schema()
    assert "ErrorOut" in seen


def test_nul_in_text_is_a_400_on_every_database(district, world):
    """PostgreSQL cannot store NUL and SQLite would: refused at the door, the same on both."""
    assert error(district.get("/api/orgs/", {"search": "望京\x00"}), 400)["fields"] == {
        "search": "不能含有空字符"
    }
    r = district.post(
        "/api/outreach/events",
        json.dumps({"union_id": world.base_donghu.pk, "name": "入会\u0000日"}),
        content_type="application/json",
    )
    body = error(r, 400)
    assert body["fields"] == {"name": "不能含有空字符"}
    assert body["message"] == "输入有误：名称（name）不能含有空字符"


def test_a_session_write_without_the_csrf_token_is_a_403_with_the_usual_body(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.user("chaoyang"))
    r = client.post("/api/outreach/verify", json.dumps({"code": "x"}), content_type="application/json")
    assert error(r, 403)["code"] == "forbidden"


def test_a_time_without_offset_is_beijing_time_and_one_past_the_calendar_a_400(district, world):
    def code(expires_at: str):
        body = {"union_id": world.base_donghu.pk, "expires_at": expires_at}
        return district.post("/api/outreach/codes", json.dumps(body), content_type="application/json")

    r = code("2030-06-30T18:00:00")
    assert r.status_code == 201, r.content
    assert dt.datetime.fromisoformat(r.json()["expires_at"]) == dt.datetime(2030, 6, 30, 10, tzinfo=dt.UTC)
    for far in ("9999-12-31T23:59:59-12:00", "0001-01-01T00:00:00+14:00"):
        body = error(code(far), 400)
        assert body["fields"] == {"expires_at": "应在 1900-01-01 至 2100-12-31 之间"}
        assert "失效时间（expires_at）" in body["message"]
