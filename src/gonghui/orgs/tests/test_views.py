"""Organisation pages: the tree loads lazily, forms run the services and show refusals, export is real xlsx."""

import io

import pytest
from python_calamine import CalamineWorkbook

from gonghui.core.models import AuditEvent
from gonghui.orgs.models import Org

pytestmark = pytest.mark.django_db


def text(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def test_tree_shows_the_top_of_the_scope_and_children_load_on_demand(login, world):
    c = login("chaoyang")
    page = text(c.get("/orgs/"))
    assert "朝阳区总工会" in page and "东湖街道总工会" in page and "西城" not in page
    partial = text(c.get(f"/orgs/{world.donghu.pk}/children/", headers={"HX-Request": "true"}))
    assert "望京科技有限公司工会" in partial and "<html" not in partial
    assert c.get(f"/orgs/{world.donghu.pk}/children/").status_code == 302  # a real link without HTMX


def test_search_by_name_within_scope(login, world):
    c = login("chaoyang")
    assert "常营地区总工会" in text(c.get("/orgs/search/?q=常营", headers={"HX-Request": "true"}))
    assert "没有名称包含" in text(c.get("/orgs/search/?q=大栅栏"))


def test_node_page_shows_children_counts_and_actions(login, world):
    c = login("chaoyang")
    page = text(c.get(f"/orgs/{world.chaoyang.pk}/"))
    assert "东湖街道总工会" in page and "新建下级组织" in page and "迁移" in page
    viewer_page = text(login("viewer").get(f"/orgs/{world.chaoyang.pk}/"))
    assert "新建下级组织" not in viewer_page


def test_create_form_shows_a_refusal_and_writes_nothing(login, world):
    c = login("chaoyang")
    before = Org.objects.count()
    page = text(
        c.post(
            f"/orgs/{world.chaoyang.pk}/new/",
            {"level": "street", "name": "东湖街道总工会", "status": "active"},
        )
    )
    assert "同一上级工会下已有同名的组织" in page
    assert Org.objects.count() == before


def test_move_form_searches_targets_and_moves(login, world):
    c = login("chaoyang")
    partial = text(c.get(f"/orgs/{world.base_donghu.pk}/move/?q=常营", headers={"HX-Request": "true"}))
    assert "常营地区总工会" in partial and "东湖街道总工会" not in partial
    response = c.post(
        f"/orgs/{world.base_donghu.pk}/move/", {"new_parent": world.changying.pk, "reason": "迁址"}
    )
    assert response.status_code == 302
    assert Org.objects.get(pk=world.base_donghu.pk).parent_id == world.changying.pk
    history = text(c.get(f"/orgs/{world.base_donghu.pk}/history/"))
    assert "迁移" in history and "东湖街道总工会" in history and "常营地区总工会" in history


def test_move_form_refuses_a_target_outside_scope(login, world):
    c = login("chaoyang")
    page = text(c.post(f"/orgs/{world.base_donghu.pk}/move/", {"new_parent": world.dashilan.pk}))
    assert "所选上级工会不可用" in page
    assert Org.objects.get(pk=world.base_donghu.pk).parent_id == world.donghu.pk


def test_export_is_a_real_workbook_of_the_subtree_and_is_audited(login, world):
    c = login("chaoyang")
    response = c.get(f"/orgs/{world.chaoyang.pk}/export.xlsx")
    assert response.status_code == 200
    rows = CalamineWorkbook.from_filelike(io.BytesIO(response.content)).get_sheet_by_index(0).to_python()
    assert rows[1][1] == "组织名称"
    names = [r[1].strip("　") for r in rows[2:]]
    assert names[0] == "朝阳区总工会" and "望京科技有限公司工会" in names and "大栅栏街道总工会" not in names
    assert AuditEvent.objects.filter(action="org.export", actor_username="chaoyang").exists()


def test_a_large_export_runs_as_a_job_with_progress_and_a_download(login, world, settings):
    settings.GONGHUI_SYNC_EXPORT_MAX_ROWS = 3
    c = login("chaoyang")
    response = c.get(f"/orgs/{world.chaoyang.pk}/export.xlsx")
    assert response.status_code == 302 and response["Location"].startswith("/jobs/")
    page = text(c.get(response["Location"]))
    assert "已完成" in page and 'value="100"' in page and "下载" in page
    download = c.get(response["Location"] + "download/")
    rows = CalamineWorkbook.from_filelike(
        io.BytesIO(b"".join(download.streaming_content))
    ).get_sheet_by_index(0)
    assert len(rows.to_python()) - 2 == Org.objects.subtree(world.chaoyang).count()
    assert login("xicheng").get(response["Location"]).status_code == 404
    assert AuditEvent.objects.filter(action="org.export.download", actor_username="chaoyang").exists()


def test_employer_and_place_forms(login, world):
    c = login("donghu")
    response = c.post(
        f"/orgs/{world.donghu.pk}/employers/new/",
        {
            "name": "东湖餐饮有限公司",
            "ownership": "private",
            "headcount": 12,
            "district_code": "110105",
            "union": "",
        },
    )
    assert response.status_code == 302
    page = text(c.get(f"/orgs/{world.donghu.pk}/employers/?coverage=none"))
    assert "东湖餐饮有限公司" in page and "未建会" in page
    response = c.post(
        f"/orgs/{world.donghu.pk}/places/new/",
        {
            "name": "东湖劳动者驿站",
            "kind": "rest_station",
            "address": "东湖街道望京东路",
            "opening_hours": "8:00-20:00",
            "facilities_text": "饮水、充电，微波炉",
        },
    )
    assert response.status_code == 302
    page = text(c.get(f"/orgs/{world.donghu.pk}/"))
    assert "东湖劳动者驿站" in page and "饮水、充电、微波炉" in page


def test_pages_send_a_strict_csp(login, world):
    response = login("chaoyang").get("/orgs/")
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "frame-ancestors 'none'" in csp
