"""The organisation API: filters and search restricted to scope, detail, operations, errors in Chinese."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gonghui.accounts.services import token_create
from gonghui.core.scope import SYSTEM
from gonghui.orgs import services
from gonghui.orgs.models import Level, Org
from gonghui.orgs.tests.factories import bulk_subtree

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(client, world):
    def as_user(username):
        token = token_create(actor=SYSTEM, user=world.user(username), name="test")[1]

        class Caller:
            def get(self, path):
                return client.get(path, headers={"Authorization": f"Bearer {token}"})

            def send(self, method, path, body):
                return client.generic(
                    method,
                    path,
                    data=json.dumps(body),
                    content_type="application/json",
                    headers={"Authorization": f"Bearer {token}"},
                )

        return Caller()

    return as_user


def names(response):
    assert response.status_code == 200, response.content
    return {row["name"] for row in response.json()["items"]}


def test_city_admin_finds_every_district_and_chaoyang_only_its_own(api, world):
    city = names(api("city_admin").get("/api/orgs/?level=district"))
    assert {"朝阳区总工会", "西城区总工会"} <= city
    own = names(api("chaoyang").get("/api/orgs/"))
    assert "东湖街道总工会" in own and "常营地区总工会" in own
    assert not {n for n in own if "西城" in n or "大栅栏" in n}


def test_filters_and_search(api, world):
    caller = api("city_admin")
    assert names(caller.get("/api/orgs/?search=东湖")) == {"东湖街道总工会"}
    assert names(caller.get("/api/orgs/?district=110102")) == {"西城区总工会", "大栅栏街道总工会"}
    assert names(caller.get(f"/api/orgs/?subtree={world.xicheng.pk}&level=base")) == {
        "大栅栏商贸有限公司工会"
    }
    assert caller.get(f"/api/orgs/?subtree={world.xicheng.pk}").json()["count"] == 3
    assert api("chaoyang").get(f"/api/orgs/?subtree={world.xicheng.pk}").status_code == 404


def test_detail_and_404_outside_scope(api, world):
    body = api("chaoyang").get(f"/api/orgs/{world.donghu.pk}").json()
    assert body["name"] == "东湖街道总工会" and body["level_display"] == "街道/乡镇/地区总工会"
    missing = api("chaoyang").get(f"/api/orgs/{world.dashilan.pk}")
    assert missing.status_code == 404 and missing.json()["message"] == "未找到该工会组织"


def test_create_move_dissolve_and_history_through_the_api(api, world):
    caller = api("chaoyang")
    created = caller.send(
        "POST", "/api/orgs/", {"parent_id": world.donghu.pk, "name": "东湖快递工会", "level": "base"}
    )
    assert created.status_code == 201, created.content
    org_id = created.json()["id"]
    moved = caller.send(
        "POST", f"/api/orgs/{org_id}/move", {"new_parent_id": world.changying.pk, "reason": "迁址"}
    )
    assert moved.status_code == 200 and moved.json()["parent_id"] == world.changying.pk
    renamed = caller.send("PATCH", f"/api/orgs/{org_id}", {"name": "常营快递工会"})
    assert renamed.json()["name"] == "常营快递工会"
    dissolved = caller.send("POST", f"/api/orgs/{org_id}/dissolve", {"reason": "企业注销"})
    assert dissolved.json()["status"] == "dissolved"
    history = caller.get(f"/api/orgs/{org_id}/history").json()
    assert [h["action"] for h in history] == ["org.dissolve", "org.rename", "org.move", "org.create"]
    assert history[2]["after"] == {"parent": "常营地区总工会"}


def test_refusals_come_back_as_chinese_messages_with_fields(api, world):
    caller = api("chaoyang")
    bad = caller.send(
        "POST", "/api/orgs/", {"parent_id": world.donghu.pk, "name": "错层级", "level": "district"}
    )
    assert bad.status_code == 400
    assert (
        bad.json()["code"] == "bad_level"
        and "不能设立" in bad.json()["message"]
        and "level" in bad.json()["fields"]
    )
    conflict = caller.send("POST", f"/api/orgs/{world.donghu.pk}/dissolve", {"reason": "撤并"})
    assert conflict.status_code == 409 and "下级组织" in conflict.json()["message"]


def test_tokens_are_checked_and_revocable(client, world):
    from gonghui.accounts.services import token_revoke

    token, raw = token_create(actor=SYSTEM, user=world.user("chaoyang"), name="对接")
    headers = {"Authorization": f"Bearer {raw}"}
    assert client.get("/api/orgs/", headers=headers).status_code == 200
    assert client.get("/api/orgs/", headers={"Authorization": "Bearer ghp_wrong"}).status_code == 401
    token_revoke(actor=world.user("chaoyang"), token=token)
    assert client.get("/api/orgs/", headers=headers).status_code == 401
    assert raw not in str(list(token.__class__.objects.values_list("digest", "prefix")))


def test_openapi_schema_lists_the_operations(api):
    schema = api("chaoyang").get("/api/openapi.json").json()
    assert {"/api/orgs/", "/api/orgs/{org_id}", "/api/orgs/{org_id}/move"} <= set(schema["paths"])


def test_list_query_count_does_not_grow_with_rows(api, world):
    caller = api("city_admin")

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert caller.get("/api/orgs/?limit=500").status_code == 200
        return len(ctx.captured_queries)

    count()  # the first call also records the token's last use
    few = count()
    bulk_subtree(
        services.org_create(actor=SYSTEM, parent=world.donghu, name="批量", level=Level.JOINT),
        fanout=200,
        depth=1,
        level_path=(Level.BASE,),
    )
    assert Org.objects.count() > 200
    assert count() == few
