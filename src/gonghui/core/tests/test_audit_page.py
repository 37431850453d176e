"""The audit page reads like a register: the values before and after as a table of field labels, an organisation
filter limited to the auditor's own subtrees, and organisation links only where the auditor may open them."""

import re

import pytest

from gonghui.core.models import AuditEvent
from gonghui.core.scope import SYSTEM
from gonghui.orgs import services

pytestmark = pytest.mark.django_db


def changes_table(page: str) -> list[tuple[str, str, str]]:
    tables = re.findall(r'data-testid="audit-changes">(.*?)</table>', page, re.S)
    return [
        tuple(re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row))
        for table in tables
        for row in re.findall(r"<tr>(.*?)</tr>", table.split("</thead>")[1], re.S)
    ]


def test_before_and_after_are_a_table_of_field_labels_and_values(world, login):
    services.org_update(actor=SYSTEM, org=world.donghu, short_name="东湖", reason="简称")
    services.org_dissolve(actor=SYSTEM, org=world.base_xicheng, reason="企业注销")
    page = login("auditor").get("/audit/").content.decode()
    rows = changes_table(page)
    assert ("简称", "—", "东湖") in rows  # the field's verbose_name; an empty value as a dash
    assert ("状态", "正常", "已撤销") in rows  # a choice by its label
    assert "short_name" not in page and "{&#x27;" not in page  # no raw keys, no dict printed


def test_a_key_that_is_no_field_reads_as_its_app_declares_it(world, login):
    from gonghui.orgs.models import Role

    services.role_grant(
        actor=SYSTEM, user=world.user("norole"), org=world.changying, role=Role.objects.get(code="viewer")
    )
    rows = changes_table(login("auditor").get("/audit/?action=role.grant").content.decode())
    assert ("角色", "", "只读") in rows
    assert ("组织", "", "常营地区总工会") in rows


def test_the_organisation_filter_keeps_a_subtree_and_offers_only_the_auditors_own(world, login, client):
    from gonghui.core.testing.world import make_user

    services.org_update(actor=SYSTEM, org=world.donghu, short_name="东湖", reason="简称")
    services.org_update(actor=SYSTEM, org=world.dashilan, short_name="大栅栏", reason="简称")
    page = login("auditor").get(f"/audit/?org={world.chaoyang.pk}").content.decode()
    assert "东湖街道总工会" in page and "大栅栏街道总工会" not in page.split('data-testid="audit-table"')[1]
    assert AuditEvent.objects.filter(org=world.dashilan).exists()

    make_user("xicheng_auditor", world.xicheng, "auditor")
    page = login("xicheng_auditor").get("/audit/").content.decode()
    options = re.findall(r'<option value="(\d+)"', page.split('name="org"')[1].split("</select>")[0])
    assert set(map(int, options)) == {world.xicheng.pk, world.dashilan.pk}  # no base unions, nothing of 朝阳
    refused = login("xicheng_auditor").get(f"/audit/?org={world.chaoyang.pk}").content.decode()
    assert "东湖街道总工会" not in refused.split('data-testid="audit-table"')[1]


def test_an_organisation_is_a_link_only_for_who_may_open_it(world, login):
    from gonghui.core.testing.world import make_user
    from gonghui.orgs.models import Role

    services.org_update(actor=SYSTEM, org=world.donghu, short_name="东湖", reason="简称")
    auditor_page = login("auditor").get("/audit/").content.decode()
    assert f'href="/orgs/{world.donghu.pk}/"' not in auditor_page  # 审计员 holds audit.view only
    both = make_user("both", world.chaoyang, "auditor")
    services.role_grant(actor=SYSTEM, user=both, org=world.chaoyang, role=Role.objects.get(code="viewer"))
    assert f'href="/orgs/{world.donghu.pk}/"' in login("both").get("/audit/").content.decode()


def test_the_page_reads_as_many_queries_for_many_rows_as_for_few(world, login):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from gonghui.core.testing.world import make_user
    from gonghui.orgs.models import Role

    both = make_user("both", world.chaoyang, "auditor")
    services.role_grant(actor=SYSTEM, user=both, org=world.chaoyang, role=Role.objects.get(code="viewer"))
    client = login("both")

    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/audit/").status_code == 200
        return len(ctx)

    few = queries()
    for n in range(20):
        services.org_update(actor=SYSTEM, org=world.donghu, short_name=f"东湖{n}", reason="简称")
    assert queries() == few
