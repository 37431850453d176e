"""The legal-person registry (DOMAIN O4, rule R2; issue 21 §3): certificates, changes of name, address or legal
representative that must be re-registered within 30 days, the reminders the union's node and the nodes above see,
the rename hook, the unions that qualify without a certificate, the pages, exports, API and figures."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine

from gonghui.core.errors import Conflict, DomainError, NotFound
from gonghui.core.models import AuditEvent
from gonghui.core.scope import SYSTEM
from gonghui.core.sheets import read_rows
from gonghui.core.testing.world import make_user
from gonghui.organising import registry_selectors, selectors
from gonghui.organising import registry_services as services
from gonghui.organising.models import ChangeField, LegalPerson, LegalPersonChange, LegalPersonStatus
from gonghui.organising.models.registry import due_on, standing
from gonghui.orgs import services as org_services
from gonghui.orgs.models import Level, Org

from .access_rows_registry import certificate, uscc

pytestmark = pytest.mark.django_db
BEIJING = ZoneInfo("Asia/Shanghai")
TODAY = dt.date(2026, 6, 15)


def at(day: dt.date):
    return time_machine.travel(dt.datetime.combine(day, dt.time(10), tzinfo=BEIJING), tick=False)


@pytest.fixture(autouse=True)
def _pinned():
    with at(TODAY):
        yield


@pytest.fixture
def wangjing(world):
    """望京科技's union (under 东湖) with its certificate, issued at the start of 2025."""
    return certificate(
        world.base_donghu, number="京工法证字第1101050001号", body="20000001", issued_on=dt.date(2025, 1, 10)
    )


def union_user(world):
    """A cadre of the union itself (its own node)."""
    if "wangjing" not in world.users:
        world.users["wangjing"] = make_user("wangjing", world.base_donghu, "viewer")
    return world.user("wangjing")


def change_representative(lp, days_ago: int, actor=SYSTEM, to="李明"):
    return services.legal_person_change(
        actor=actor,
        legal_person=lp,
        field=ChangeField.REPRESENTATIVE,
        new_value=to,
        changed_on=TODAY - dt.timedelta(days=days_ago),
    )


# ---- Done when #3 ------------------------------------------------------------------------------------------------


def test_a_representative_changed_25_days_ago_is_due_on_the_reminders_and_overdue_at_31_days(
    world, wangjing, client
):
    """Done when (issue 21): the change shows as due with 5 days left; at 31 days it shows as overdue."""
    change = change_representative(wangjing, 25)
    assert change.due_on == dt.date(2026, 6, 20)
    client.force_login(world.user("donghu"))
    page = client.get("/organising/registry/reminders/").content.decode()
    assert "望京科技有限公司工会" in page and "张建国 → <strong>李明</strong>" in page
    assert 'data-testid="due">还剩5天' in page and 'data-testid="overdue"' not in page
    api = client.get(f"/api/organising/registry/reminders?org={world.donghu.pk}").json()
    assert [(r["field"], r["due_on"], r["overdue"], r["days_left"]) for r in api] == [
        ("法定代表人", "2026-06-20", False, 5)
    ]
    detail = client.get(f"/organising/registry/{wangjing.pk}/").content.decode()
    assert "应于2026年6月20日前重新登记：<strong>还剩5天</strong>" in detail
    assert "<th>法定代表人</th><td>张建国</td>" in detail  # the certificate keeps its registered value

    with at(TODAY + dt.timedelta(days=6)):  # 31 days after the change
        client.force_login(world.user("donghu"))  # a new day, a new session
        page = client.get("/organising/registry/reminders/").content.decode()
        assert 'data-testid="overdue">逾期1天' in page and 'data-testid="due"' not in page
        api = client.get(f"/api/organising/registry/reminders?org={world.donghu.pk}").json()
        assert (api[0]["overdue"], api[0]["days_left"], api[0]["days_overdue"]) == (True, 0, 1)
        listed = client.get("/organising/registry/?pending=overdue").content.decode()
        assert "逾期未重新登记" in listed and f'data-testid="lp-{wangjing.pk}"' in listed


def test_day_30_is_the_last_day_and_day_31_is_overdue():
    """Rule R2, the arithmetic written once: due_on = changed_on + 30 days."""
    changed = dt.date(2026, 1, 31)
    assert due_on(changed) == dt.date(2026, 3, 2)
    day_25, day_30, day_31 = (standing(changed, changed + dt.timedelta(days=n)) for n in (25, 30, 31))
    assert (day_25.overdue, day_25.days, day_25.label) == (False, 5, "还剩5天")
    assert (day_30.overdue, day_30.days, day_30.label) == (False, 0, "今天到期")
    assert (day_31.overdue, day_31.days, day_31.label) == (True, 1, "逾期1天")
    assert standing(changed, changed).days == 30


def test_the_lists_figures_and_todo_agree_with_the_arithmetic_on_both_sides_of_the_last_day(world, wangjing):
    change_representative(wangjing, 30)
    chaoyang, donghu = world.user("chaoyang"), world.user("donghu")
    year = (dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    fig = registry_selectors.figures(world.chaoyang, *year)
    assert (fig["changes_pending"], fig["changes_overdue"]) == (1, 0)
    assert registry_selectors.reminders_for(actor=chaoyang, state="due").count() == 1
    assert [c for label, c, _ in registry_selectors.todo(donghu, world.donghu)] == [1, 0]
    with at(TODAY + dt.timedelta(days=1)):
        fig = registry_selectors.figures(world.chaoyang, *year)
        assert (fig["changes_pending"], fig["changes_overdue"], fig["legal_persons_overdue"]) == (1, 1, 1)
        assert registry_selectors.reminders_for(actor=chaoyang, state="overdue").count() == 1
        assert registry_selectors.reminders_for(actor=chaoyang, state="due").count() == 0
        assert [c for label, c, _ in registry_selectors.todo(donghu, world.donghu)] == [0, 1]


# ---- who sees the reminders --------------------------------------------------------------------------------------


def test_the_union_its_street_and_the_district_see_the_reminder_and_xicheng_gets_404(world, wangjing, client):
    """R2: the reminder reaches the node and its parent (and every node above); elsewhere the certificate is
    missing."""
    change_representative(wangjing, 25)
    for who, org in (("wangjing", world.base_donghu), ("donghu", world.donghu), ("chaoyang", world.chaoyang)):
        user = union_user(world) if who == "wangjing" else world.user(who)
        todo = registry_selectors.todo(user, org)
        assert todo[0][:2] == ("法人变更待重新登记", 1), who
        assert dict((label, n) for label, n, _ in selectors.todo(user, org))["法人变更待重新登记"] == 1
        client.force_login(user)
        page = client.get("/organising/registry/reminders/").content.decode()
        assert "还剩5天" in page and "望京科技有限公司工会" in page, who
        assert client.get(f"/organising/registry/{wangjing.pk}/").status_code == 200

    xicheng = world.user("xicheng")
    assert registry_selectors.todo(xicheng, world.donghu) == []
    client.force_login(xicheng)
    assert client.get(f"/organising/registry/{wangjing.pk}/").status_code == 404
    assert client.get(f"/api/organising/registry/reminders?org={world.donghu.pk}").status_code == 404
    assert client.get(f"/api/organising/registry?org={world.donghu.pk}").status_code == 404
    assert "望京科技" not in client.get("/organising/registry/reminders/").content.decode()
    assert "望京科技" not in client.get("/organising/registry/").content.decode()
    with pytest.raises(NotFound):
        change_representative(wangjing, 3, actor=xicheng, to="王五")


def test_only_those_holding_org_manage_on_the_union_register_and_change(world, client):
    """Writes need org.manage on the union, which the node above holds (朝阳's administrator): 东湖's operator sees
    the registry but does not change it."""
    data = services.CertificateData(
        certificate_no="京工法证字第0009号",
        uscc=uscc("20000009"),
        representative="张建国",
        address="北京市朝阳区望京街10号",
        issued_on=dt.date(2026, 5, 1),
        issuer="朝阳区总工会",
    )
    with pytest.raises(NotFound):
        services.legal_person_register(actor=world.user("donghu"), union=world.base_donghu, data=data)
    client.force_login(world.user("donghu"))
    assert client.get("/organising/registry/new/").status_code == 404
    assert client.get("/organising/registry/").status_code == 200
    lp = services.legal_person_register(actor=world.user("chaoyang"), union=world.base_donghu, data=data)
    with pytest.raises(NotFound):
        change_representative(lp, 1, actor=world.user("donghu"))
    assert client.post(f"/organising/registry/{lp.pk}/change/", {}).status_code == 404


# ---- registering -------------------------------------------------------------------------------------------------


def test_registering_copies_the_certificate_and_uscc_to_the_union_in_the_tree(world, client):
    client.force_login(world.user("chaoyang"))
    page = client.get(f"/organising/registry/new/?union={world.base_donghu.pk}").content.decode()
    assert "望京科技有限公司工会" in page and "大栅栏商贸" not in page  # only unions in the actor's scope
    code = uscc("20000003")
    response = client.post(
        "/organising/registry/new/",
        {
            "union": world.base_donghu.pk,
            "certificate_no": "京工法证字第1101050003号",
            "uscc": code.lower(),
            "representative": "张建国",
            "address": "北京市朝阳区望京街10号",
            "issued_on": "2026-06-01",
            "issuer": "朝阳区总工会",
        },
    )
    lp = LegalPerson.objects.get(org=world.base_donghu)
    assert response.status_code == 302 and response["Location"] == f"/organising/registry/{lp.pk}/"
    assert (lp.uscc, lp.name, lp.status) == (code, "望京科技有限公司工会", LegalPersonStatus.VALID)
    union = Org.objects.get(pk=world.base_donghu.pk)
    assert (union.uscc, union.legal_person_certificate) == (code, "京工法证字第1101050003号")
    assert AuditEvent.objects.filter(action="organising.registry.register", target_id=str(lp.pk)).exists()
    again = client.post("/organising/registry/new/", {"union": world.base_donghu.pk})
    assert again.status_code == 200  # no longer offered: the union is registered
    with pytest.raises(Conflict, match="已登记"):
        certificate(world.base_donghu, number="京工法证字第0004号", body="20000004")


def test_a_bad_uscc_is_refused_naming_the_field(world, client):
    good = uscc("20000005")
    data = services.CertificateData(
        certificate_no="京工法证字第0005号",
        uscc=good[:-1] + ("1" if good[-1] == "0" else "0"),  # a wrong check character (GB 32100)
        representative="张建国",
        address="北京市朝阳区望京街10号",
        issued_on=dt.date(2026, 5, 1),
        issuer="朝阳区总工会",
    )
    with pytest.raises(DomainError) as refused:
        services.legal_person_register(actor=world.user("chaoyang"), union=world.base_donghu, data=data)
    assert "统一社会信用代码" in refused.value.message and "uscc" in refused.value.fields
    client.force_login(world.user("chaoyang"))
    page = client.post(
        "/organising/registry/new/",
        {
            "union": world.base_donghu.pk,
            "certificate_no": "京工法证字第0005号",
            "uscc": "91110105MA01ABCD1X",
            "representative": "张建国",
            "address": "北京市朝阳区望京街10号",
            "issued_on": "2026-05-01",
            "issuer": "朝阳区总工会",
        },
    ).content.decode()
    assert "统一社会信用代码“91110105MA01ABCD1X”无效" in page and not LegalPerson.objects.exists()
    assert Org.objects.get(pk=world.base_donghu.pk).uscc == ""


def test_only_an_active_base_union_registers(world):
    with pytest.raises(DomainError, match="只有基层工会"):
        certificate(world.donghu, number="京工法证字第0006号", body="20000006")
    preparing = org_services.org_create(
        actor=SYSTEM, parent=world.donghu, name="东湖便利店工会", level=Level.BASE, status="preparing"
    )
    with pytest.raises(Conflict, match="尚未成立"):
        certificate(preparing, number="京工法证字第0007号", body="20000007")


# ---- changes and re-registration ---------------------------------------------------------------------------------


def test_re_registering_applies_the_new_value_and_a_new_certificate_number(world, wangjing, client):
    client.force_login(world.user("chaoyang"))
    response = client.post(
        f"/organising/registry/{wangjing.pk}/change/",
        {"field": "address", "new_value": "北京市朝阳区阜通东大街6号", "changed_on": "2026-06-01"},
    )
    assert response.status_code == 302
    change = LegalPersonChange.objects.get(legal_person=wangjing)
    assert (change.old_value, change.new_value, change.due_on) == (
        "北京市朝阳区望京街10号",
        "北京市朝阳区阜通东大街6号",
        dt.date(2026, 7, 1),
    )
    assert LegalPerson.objects.get(pk=wangjing.pk).address == "北京市朝阳区望京街10号"
    second = client.post(
        f"/organising/registry/{wangjing.pk}/change/",
        {"field": "address", "new_value": "北京市朝阳区广顺北大街1号", "changed_on": "2026-06-10"},
    ).content.decode()
    assert "住所已有一项2026-06-01的变更尚未重新登记" in second
    early = client.post(
        f"/organising/registry/{wangjing.pk}/changes/{change.pk}/reregister/",
        {"change": change.pk, "reregistered_on": "2026-05-30"},
    ).content.decode()
    assert "重新登记日期不能早于变更日期" in early
    response = client.post(
        f"/organising/registry/{wangjing.pk}/changes/{change.pk}/reregister/",
        {"change": change.pk, "reregistered_on": "2026-06-12", "certificate_no": "京工法证字第1101050099号"},
    )
    assert response.status_code == 302
    lp = LegalPerson.objects.get(pk=wangjing.pk)
    assert (lp.address, lp.certificate_no) == ("北京市朝阳区阜通东大街6号", "京工法证字第1101050099号")
    assert Org.objects.get(pk=world.base_donghu.pk).legal_person_certificate == "京工法证字第1101050099号"
    assert registry_selectors.reminders_for(actor=world.user("chaoyang")).count() == 0
    detail = client.get(f"/organising/registry/{lp.pk}/").content.decode()
    assert "2026-06-12 已重新登记，新证书编号京工法证字第1101050099号" in detail
    with pytest.raises(DomainError, match="与登记的相同"):
        services.legal_person_change(
            actor=SYSTEM, legal_person=lp, field="address", new_value=lp.address, changed_on=TODAY
        )
    with pytest.raises(DomainError, match="不能晚于今天"):
        change_representative(lp, -1)


def test_a_cancelled_certificate_no_longer_reminds_and_the_union_qualifies_again(world, wangjing, client):
    org_services.org_update(actor=SYSTEM, org=world.base_donghu, committee_chair="张建国")
    change_representative(wangjing, 40)
    chaoyang = world.user("chaoyang")
    assert registry_selectors.qualified_without_certificate_for(actor=chaoyang).count() == 0
    client.force_login(chaoyang)
    response = client.post(
        f"/organising/registry/{wangjing.pk}/cancel/", {"cancelled_on": "2026-06-10", "reason": "单位注销"}
    )
    assert response.status_code == 302
    lp = LegalPerson.objects.get(pk=wangjing.pk)
    assert (lp.status, lp.cancelled_on) == (LegalPersonStatus.CANCELLED, dt.date(2026, 6, 10))
    assert Org.objects.get(pk=world.base_donghu.pk).legal_person_certificate == ""
    assert registry_selectors.reminders_for(actor=chaoyang).count() == 0
    assert list(registry_selectors.qualified_without_certificate_for(actor=chaoyang)) == [world.base_donghu]
    with pytest.raises(Conflict, match="已注销"):
        change_representative(lp, 1)


# ---- the rename hook ---------------------------------------------------------------------------------------------


def test_renaming_a_registered_union_in_the_tree_records_a_name_change_to_re_register(
    world, wangjing, client
):
    """R2 without typing it twice: the tree's rename (orgs' org_renamed hook) records the change, dated that day."""
    chaoyang = world.user("chaoyang")
    org_services.org_update(actor=chaoyang, org=world.base_donghu, name="望京科技股份有限公司工会")
    change = LegalPersonChange.objects.get(legal_person=wangjing)
    assert (change.field, change.old_value, change.new_value, change.changed_on, change.recorded_by) == (
        ChangeField.NAME,
        "望京科技有限公司工会",
        "望京科技股份有限公司工会",
        TODAY,
        chaoyang,
    )
    assert LegalPerson.objects.get(pk=wangjing.pk).name == "望京科技有限公司工会"  # until re-registered
    assert AuditEvent.objects.filter(action="organising.registry.change", target_id=str(wangjing.pk)).exists()
    client.force_login(world.user("donghu"))
    page = client.get("/organising/registry/reminders/").content.decode()
    assert "望京科技有限公司工会 → <strong>望京科技股份有限公司工会</strong>" in page and "还剩30天" in page

    with at(TODAY + dt.timedelta(days=3)):  # renamed again before re-registering: one change, the newest name
        org_services.org_update(actor=chaoyang, org=world.base_donghu, name="望京科技集团工会")
        change = LegalPersonChange.objects.get(legal_person=wangjing)
        assert (change.new_value, change.changed_on) == ("望京科技集团工会", TODAY)
        services.legal_person_reregister(
            actor=chaoyang, change=change, reregistered_on=TODAY + dt.timedelta(days=3)
        )
    assert LegalPerson.objects.get(pk=wangjing.pk).name == "望京科技集团工会"


def test_renaming_a_union_without_a_certificate_records_nothing(world):
    org_services.org_update(actor=SYSTEM, org=world.base_xicheng, name="大栅栏商贸集团工会")
    org_services.org_update(actor=SYSTEM, org=world.donghu, name="东湖地区总工会")
    assert not LegalPersonChange.objects.exists()


# ---- the unions that qualify without a certificate -------------------------------------------------------------


def test_unions_with_a_committee_and_no_certificate_are_listed_and_exported(world, client):
    org_services.org_update(actor=SYSTEM, org=world.base_donghu, committee_chair="张建国")
    org_services.org_update(actor=SYSTEM, org=world.base_xicheng, committee_chair="刘刚")
    org_services.org_create(actor=SYSTEM, parent=world.changying, name="常营无主席工会", level=Level.BASE)
    client.force_login(world.user("chaoyang"))
    page = client.get("/organising/registry/missing/").content.decode()
    assert "望京科技有限公司工会" in page and "张建国" in page
    assert "大栅栏商贸" not in page and "常营无主席工会" not in page
    assert f"/organising/registry/new/?union={world.base_donghu.pk}" in page
    response = client.get("/organising/registry/missing/?export=xlsx")
    rows = list(read_rows(response.content, "missing.xlsx"))
    assert rows[1][:3] == ["工会名称", "上级工会", "工会主席"]
    assert rows[2][:3] == ["望京科技有限公司工会", "东湖街道总工会", "张建国"] and len(rows) == 3
    fig = registry_selectors.figures(world.city, dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    assert fig["qualified_without_certificate"] == 2
    certificate(world.base_donghu, number="京工法证字第0008号", body="20000008")
    assert "望京科技" not in client.get("/organising/registry/missing/").content.decode()
    fig = registry_selectors.figures(world.city, dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    assert fig["qualified_without_certificate"] == 1 and fig["certificates_valid"] == 1


# ---- lists, exports, API, figures --------------------------------------------------------------------------------


def test_the_certificate_list_filters_searches_and_exports(world, wangjing, client):
    other = certificate(world.base_xicheng, number="京工法证字第1101020001号", body="20000002")
    change_representative(wangjing, 35)
    client.force_login(world.user("city_admin"))
    page = client.get("/organising/registry/").content.decode()
    assert f'data-testid="lp-{wangjing.pk}"' in page and f'data-testid="lp-{other.pk}"' in page
    found = client.get(f"/organising/registry/?q={wangjing.uscc[-6:]}").content.decode()
    assert f'data-testid="lp-{wangjing.pk}"' in found and f'data-testid="lp-{other.pk}"' not in found
    found = client.get("/organising/registry/?q=1101020001").content.decode()
    assert f'data-testid="lp-{other.pk}"' in found and f'data-testid="lp-{wangjing.pk}"' not in found
    pending = client.get("/organising/registry/?pending=pending").content.decode()
    assert f'data-testid="lp-{wangjing.pk}"' in pending and f'data-testid="lp-{other.pk}"' not in pending
    area = client.get(f"/organising/registry/?org={world.xicheng.pk}").content.decode()
    assert f'data-testid="lp-{other.pk}"' in area and f'data-testid="lp-{wangjing.pk}"' not in area

    response = client.get("/organising/registry/?export=xlsx&pending=overdue")
    rows = list(read_rows(response.content, "registry.xlsx"))
    assert rows[0][0] == "工会法人资格证书一览" and len(rows) == 3
    assert rows[2][0] == "望京科技有限公司工会" and rows[2][3] == wangjing.uscc
    assert rows[2][-1] == "有逾期未重新登记的变更"
    assert AuditEvent.objects.filter(action="organising.registry.export").exists()

    response = client.get("/organising/registry/reminders/?export=xlsx")
    rows = list(read_rows(response.content, "reminders.xlsx"))
    assert rows[1][-2:] == ["重新登记期限", "期限情况"]
    assert rows[2][0] == "望京科技有限公司工会" and rows[2][2] == "法定代表人" and rows[2][-1] == "逾期5天"


def test_the_api_lists_a_subtrees_certificates(world, wangjing, client):
    change_representative(wangjing, 10)
    client.force_login(world.user("chaoyang"))
    got = client.get(f"/api/organising/registry?org={world.chaoyang.pk}").json()
    assert [(c["union"], c["uscc"], c["changes_pending"], c["changes_overdue"]) for c in got] == [
        ("望京科技有限公司工会", wangjing.uscc, True, False)
    ]
    assert client.get(f"/api/organising/registry?org={world.changying.pk}").json() == []


def test_the_figures_count_certificates_issued_in_the_period_and_say_it_as_a_report(world, wangjing):
    this_year = certificate(
        world.base_xicheng, number="京工法证字第0010号", body="20000010", issued_on=dt.date(2026, 3, 1)
    )
    change_representative(wangjing, 45)
    fig = registry_selectors.figures(world.city, dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    assert fig == {
        "certificates_issued": 1,
        "certificates_valid": 2,
        "changes_pending": 1,
        "changes_overdue": 1,
        "legal_persons_overdue": 1,
        "qualified_without_certificate": 0,
    }
    assert registry_selectors.sentence(fig) == "新办工会法人资格证书1本，1家工会法人变更逾期未重新登记"
    assert (
        registry_selectors.figures(world.chaoyang, dt.date(2025, 1, 1), dt.date(2025, 12, 31))[
            "certificates_issued"
        ]
        == 1
    )
    assert registry_selectors.sentence(dict.fromkeys(fig, 0)) == ""
    summary = selectors.summary(world.city, dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    assert "新办工会法人资格证书1本" in summary.sentence() and summary["certificates_valid"] == 2
    assert this_year.is_valid
