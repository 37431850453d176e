"""Setting up a base union (rule O3, R1): donghu starts 筹建 and applies, chaoyang (the district above 东湖)
approves, the new union appears under 东湖 with the employer linked and 东湖's 建会率 rises from the day of
approval; who may not approve (the operator, another district, the applicant); a return and a new application;
the founding assembly; a joint union's coverage; nothing written when the approval fails; the figures, the pages
and the API."""

import datetime as dt
import json

import pytest
import time_machine

from gonghui.accounts.services import token_create
from gonghui.core.errors import Conflict, DomainError, NotFound
from gonghui.core.models import AuditEvent
from gonghui.core.scope import SYSTEM
from gonghui.core.testing import leaks
from gonghui.organising import selectors, services, setup_selectors, setup_services
from gonghui.organising.models import JointCover, SetUp, SetUpStatus, Stage, Target
from gonghui.orgs import services as org_services
from gonghui.orgs.models import Coverage, Employer, FormedChannel, Level, Org, Status

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 6, 18, 2, tzinfo=dt.UTC)
MARCH = dt.date(2026, 3, 1)
APPROVED_ON = dt.date(2026, 6, 10)
SHOP = "北京东湖便利店有限公司"


@pytest.fixture(autouse=True)
def _pinned():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def street(world):
    """东湖 from 1 March: 望京科技 with its own union, and a shop without one, followed as a target (500‰)."""
    org_services.employer_create(
        actor=SYSTEM,
        org=world.donghu,
        union=world.base_donghu,
        name="望京科技有限公司",
        headcount=300,
        on_date=MARCH,
    )
    target = services.target_register(
        actor=SYSTEM,
        org=world.donghu,
        employer_fields={"name": SHOP, "headcount": 40},
        on_date=MARCH,
        channel=FormedChannel.STALL,
    )
    return world, target


def start(world, target, actor="donghu", name=f"{SHOP}工会", members=32):
    return setup_services.setup_start(
        actor=world.user(actor) if isinstance(actor, str) else actor,
        target=target,
        union_name=name,
        members_expected=members,
        preparatory_group="张立新（店长）筹建组组长",
        on_date=dt.date(2026, 5, 20),
    )


def applied(world, target, actor="donghu", **kw):
    s = start(world, target, actor=actor, **kw)
    user = world.user(actor) if isinstance(actor, str) else actor
    return setup_services.setup_submit(actor=user, setup=s, on_date=dt.date(2026, 6, 1))


def test_chaoyang_approves_and_the_union_appears_under_donghu_with_the_employer_from_that_day(street):
    world, target = street
    s = start(world, target)
    assert Target.objects.get(pk=target.pk).stage == Stage.PREPARING
    s = setup_services.setup_submit(actor=world.user("donghu"), setup=s, on_date=dt.date(2026, 6, 1))
    assert s.status == SetUpStatus.SUBMITTED and s.applied_by == world.user("donghu")
    before = selectors.coverage(world.donghu, APPROVED_ON - dt.timedelta(days=1))
    s = setup_services.setup_approve(actor=world.user("chaoyang"), setup=s, on_date=APPROVED_ON, note="同意")

    union = Org.objects.get(parent=world.donghu, name=f"{SHOP}工会")
    assert (union.level, union.status, union.established_on) == (Level.BASE, Status.PREPARING, APPROVED_ON)
    assert s.union == union and s.status == SetUpStatus.APPROVED and s.decided_by == world.user("chaoyang")
    employer = Employer.objects.get(name=SHOP)
    assert employer.union == union and employer.coverage == Coverage.OWN
    target.refresh_from_db()
    assert (target.stage, target.formed_on) == (Stage.FORMED, APPROVED_ON)
    # R1: 建会率 rises from the day of approval; the day before and last month stay as they were
    assert (before["employers_with_union"], before["rate_permille"]) == (1, 500)
    on_the_day = selectors.coverage(world.donghu, APPROVED_ON)
    assert (on_the_day["employers_with_union"], on_the_day["rate_permille"]) == (2, 1000)
    assert selectors.coverage(world.donghu, dt.date(2026, 5, 31))["rate_permille"] == 500
    year = selectors.summary(world.chaoyang, dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    assert year["unions_formed"] == 1 and year["unions_formed_stall"] == 1 and year["workers_covered"] == 40
    assert AuditEvent.objects.filter(action="organising.setup.approve", target_id=str(s.pk)).exists()


def test_the_operator_cannot_approve_nor_another_district_see_it(street, client):
    world, target = street
    s = applied(world, target)
    with pytest.raises(DomainError, match="建会申请由上级工会（东湖街道总工会）批复"):
        setup_services.setup_approve(actor=world.user("donghu"), setup=s, on_date=APPROVED_ON)
    with pytest.raises(NotFound):
        setup_services.setup_approve(actor=world.user("xicheng"), setup=s, on_date=APPROVED_ON)
    with pytest.raises(NotFound):
        setup_selectors.setup_get(actor=world.user("xicheng"), pk=s.pk)
    with pytest.raises(DomainError, match="建会申请由上级工会"):
        setup_services.setup_return(actor=world.user("viewer"), setup=s, note="不行")
    client.force_login(world.user("donghu"))
    page = client.get(f"/organising/setups/{s.pk}/").content.decode()
    assert "等待批复" in page and 'data-testid="decide"' not in page
    assert client.post(f"/organising/setups/{s.pk}/decide/", {"decision": "approve"}).status_code == 404
    client.force_login(world.user("xicheng"))
    assert client.get(f"/organising/setups/{s.pk}/").status_code == 404
    assert SetUp.objects.get(pk=s.pk).status == SetUpStatus.SUBMITTED
    assert not Org.objects.filter(name=f"{SHOP}工会").exists()


def test_chaoyang_approves_on_the_page(street, client):
    world, target = street
    s = applied(world, target)
    client.force_login(world.user("chaoyang"))
    page = client.get(f"/organising/setups/{s.pk}/").content.decode()
    assert 'data-testid="decide"' in page and "批复同意建会" in page
    response = client.post(
        f"/organising/setups/{s.pk}/decide/",
        {"decision": "approve", "on_date": "2026-06-10", "note": "同意组建"},
        follow=True,
    )
    page = response.content.decode()
    assert "已在东湖街道总工会下建立，单位已关联" in page and "2026-06-10批复同意" in page
    assert Employer.objects.get(name=SHOP).union.name == f"{SHOP}工会"


def test_the_applicant_may_not_approve_their_own_application(street, client):
    world, target = street
    s = applied(world, target, actor="chaoyang")
    with pytest.raises(DomainError, match="不能批复本人提交的建会申请"):
        setup_services.setup_approve(actor=world.user("chaoyang"), setup=s, on_date=APPROVED_ON)
    client.force_login(world.user("chaoyang"))
    page = client.get(f"/organising/setups/{s.pk}/").content.decode()
    assert "本人提交的申请" in page and 'data-testid="decide"' not in page
    assert not setup_selectors.todo(world.user("chaoyang"), world.chaoyang)
    assert setup_selectors.todo(world.user("city_admin"), world.chaoyang)[0][:2] == ("建会申请待批复", 1)
    done = setup_services.setup_approve(actor=world.user("city_admin"), setup=s, on_date=APPROVED_ON)
    assert done.status == SetUpStatus.APPROVED


def test_a_returned_application_is_corrected_and_applied_for_again(street, client):
    world, target = street
    s = applied(world, target, name="东湖便利店工会")
    with pytest.raises(DomainError, match="退回时请写明原因"):
        setup_services.setup_return(actor=world.user("chaoyang"), setup=s, note=" ")
    s = setup_services.setup_return(
        actor=world.user("chaoyang"), setup=s, note="名称应与营业执照一致", on_date=dt.date(2026, 6, 5)
    )
    assert s.status == SetUpStatus.RETURNED
    with pytest.raises(Conflict, match="已退回"):
        setup_services.setup_approve(actor=world.user("chaoyang"), setup=s, on_date=APPROVED_ON)
    client.force_login(world.user("donghu"))
    page = client.get(f"/organising/setups/{s.pk}/").content.decode()
    assert "退回：名称应与营业执照一致" in page and "修改后重新申请" in page
    response = client.post(
        f"/organising/setups/{s.pk}/submit/",
        {
            "union_name": f"{SHOP}工会",
            "members_expected": "32",
            "preparatory_group": "张立新",
            "applied_on": "2026-06-08",
        },
    )
    assert response.status_code == 302
    s = SetUp.objects.get(pk=s.pk)
    assert (s.status, s.union_name, s.applied_on, s.decision_note) == (
        SetUpStatus.SUBMITTED,
        f"{SHOP}工会",
        dt.date(2026, 6, 8),
        "",
    )
    s = setup_services.setup_approve(actor=world.user("chaoyang"), setup=s, on_date=APPROVED_ON)
    assert s.union.name == f"{SHOP}工会"


def test_the_founding_assembly_makes_the_union_active_with_its_chair_and_term(street):
    world, target = street
    s = setup_services.setup_approve(
        actor=world.user("chaoyang"), setup=applied(world, target), on_date=APPROVED_ON
    )
    found = {"founding_on": dt.date(2026, 6, 16), "first_chair": "张立新", "committee_size": 3}
    with pytest.raises(DomainError, match="成立大会由批复建会的上级工会"):
        setup_services.setup_found(actor=world.user("donghu"), setup=s, term_years=5, **found)
    with pytest.raises(DomainError, match="任期为3年或5年"):
        setup_services.setup_found(actor=world.user("chaoyang"), setup=s, term_years=4, **found)
    with pytest.raises(DomainError, match="不能早于批复日期"):
        setup_services.setup_found(
            actor=world.user("chaoyang"),
            setup=s,
            term_years=5,
            **{**found, "founding_on": dt.date(2026, 6, 1)},
        )
    s = setup_services.setup_found(actor=world.user("chaoyang"), setup=s, term_years=5, **found)
    union = Org.objects.get(pk=s.union_id)
    assert (union.status, union.committee_chair, union.term_start, union.term_years) == (
        Status.ACTIVE,
        "张立新",
        dt.date(2026, 6, 16),
        5,
    )
    assert s.status == SetUpStatus.FOUNDED


def test_a_failed_approval_writes_nothing_and_names_the_union_name(street):
    world, target = street
    s = applied(world, target)
    # someone registered a node of that very name under 东湖 after the application
    org_services.org_create(actor=SYSTEM, parent=world.donghu, name=f"{SHOP}工会", level=Level.BASE)
    orgs, events = Org.objects.count(), AuditEvent.objects.count()
    with pytest.raises(DomainError, match=f"工会名称“{SHOP}工会”在“东湖街道总工会”下已有同名组织") as exc:
        setup_services.setup_approve(actor=world.user("chaoyang"), setup=s, on_date=APPROVED_ON)
    assert exc.value.fields == {"union_name": "已有同名组织"}
    assert (Org.objects.count(), AuditEvent.objects.count()) == (orgs, events)
    s.refresh_from_db()
    target.refresh_from_db()
    assert (s.status, s.decided_on, s.union_id) == (SetUpStatus.SUBMITTED, None, None)
    assert target.stage == Stage.PREPARING
    assert Employer.objects.get(name=SHOP).coverage == Coverage.NONE


def test_an_approval_dated_before_the_employers_last_change_writes_nothing(street):
    """The union is created before the employer is linked: when the link is refused, the union goes too."""
    world, target = street
    s = applied(world, target)
    employer = Employer.objects.get(name=SHOP)
    org_services.employer_update(actor=SYSTEM, employer=employer, headcount=45, on_date=dt.date(2026, 6, 12))
    orgs = Org.objects.count()
    with pytest.raises(DomainError, match="不能早于该单位上次变更的日期（2026-06-12）"):
        setup_services.setup_approve(actor=world.user("chaoyang"), setup=s, on_date=APPROVED_ON)
    assert Org.objects.count() == orgs and not Org.objects.filter(name=f"{SHOP}工会").exists()
    assert SetUp.objects.get(pk=s.pk).status == SetUpStatus.SUBMITTED
    assert Target.objects.get(pk=target.pk).stage == Stage.PREPARING


def test_a_name_already_in_the_tree_is_refused_when_the_set_up_starts(street):
    world, target = street
    with pytest.raises(DomainError, match="已有同名组织") as exc:
        start(world, target, name="望京科技有限公司工会")
    assert exc.value.fields == {"union_name": "已有同名组织"}
    with pytest.raises(DomainError, match="应以“工会”结尾"):
        start(world, target, name="东湖便利店")
    start(world, target)
    with pytest.raises(Conflict, match="已有进行中的筹建"):
        start(world, target)


def test_a_small_employer_joins_the_joint_union_of_its_street(street):
    world, target = street
    joint = org_services.org_create(
        actor=SYSTEM, parent=world.donghu, name="东湖街道新就业形态劳动者联合工会", level=Level.JOINT
    )
    far = org_services.org_create(
        actor=SYSTEM, parent=world.dashilan, name="大栅栏联合工会", level=Level.JOINT
    )
    draft = start(world, target, members=12)
    donghu = world.user("donghu")
    with pytest.raises(DomainError, match="不是联合工会"):
        setup_services.joint_cover(actor=donghu, target=target, joint_union=world.base_donghu)
    with pytest.raises(DomainError, match="请选择能查看的联合工会"):
        setup_services.joint_cover(actor=donghu, target=target, joint_union=far)
    with pytest.raises(DomainError, match="联合工会须在朝阳区总工会范围内"):
        setup_services.joint_cover(actor=SYSTEM, target=target, joint_union=far)
    with pytest.raises(NotFound):
        setup_services.joint_cover(actor=world.user("xicheng"), target=target, joint_union=joint)
    assert list(setup_selectors.joint_unions_for(actor=donghu, target=target)) == [joint]
    cover = setup_services.joint_cover(
        actor=donghu, target=target, joint_union=joint, on_date=dt.date(2026, 6, 2), note="会员不足25人"
    )
    employer = Employer.objects.get(name=SHOP)
    assert (employer.union, employer.coverage) == (joint, Coverage.JOINT)
    target.refresh_from_db()
    assert (target.stage, target.formed_on) == (Stage.FORMED, dt.date(2026, 6, 2))
    assert SetUp.objects.get(pk=draft.pk).status == SetUpStatus.WITHDRAWN
    assert cover.recorded_by == donghu
    assert selectors.coverage(world.donghu, dt.date(2026, 6, 2))["rate_permille"] == 1000
    assert selectors.coverage(world.donghu, dt.date(2026, 6, 1))["rate_permille"] == 500
    fig = setup_selectors.figures(world.chaoyang, dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    assert fig["joint_covered"] == 1 and "联合工会覆盖1家" in setup_selectors.sentence(fig)
    panel = setup_selectors.target_panel(donghu, target)
    assert panel == {
        "status": "已建会（由东湖街道新就业形态劳动者联合工会覆盖）",
        "url": "",
        "start_url": "",
    }
    with pytest.raises(Conflict, match="已建会"):
        setup_services.joint_cover(actor=donghu, target=target, joint_union=joint)


def test_a_joint_union_cannot_take_an_employer_whose_application_is_waiting(street):
    world, target = street
    joint = org_services.org_create(actor=SYSTEM, parent=world.donghu, name="东湖联合工会", level=Level.JOINT)
    applied(world, target)
    with pytest.raises(Conflict, match="建会申请已申请，不能再改由联合工会覆盖"):
        setup_services.joint_cover(actor=world.user("donghu"), target=target, joint_union=joint)
    assert not JointCover.objects.exists()


def test_the_joint_cover_page_offers_the_joint_unions_the_cadre_sees(street, client):
    world, target = street
    own = org_services.org_create(actor=SYSTEM, parent=world.donghu, name="东湖联合工会", level=Level.JOINT)
    org_services.org_create(actor=SYSTEM, parent=world.changying, name="常营联合工会", level=Level.JOINT)
    org_services.org_create(actor=SYSTEM, parent=world.dashilan, name="大栅栏联合工会", level=Level.JOINT)
    url = f"/organising/targets/{target.pk}/joint/"
    client.force_login(world.user("chaoyang"))
    page = client.get(url).content.decode()
    assert "东湖联合工会" in page and "常营联合工会" in page and "大栅栏联合工会" not in page
    client.force_login(world.user("donghu"))
    page = client.get(url).content.decode()
    assert "东湖联合工会" in page and "常营联合工会" not in page
    response = client.post(url, {"joint_union": own.pk, "on_date": "2026-06-02", "note": ""})
    assert response.status_code == 302
    assert Employer.objects.get(name=SHOP).union == own
    client.force_login(world.user("xicheng"))
    assert client.get(url).status_code == 404


def test_the_figures_the_sentence_and_what_waits(street):
    world, target = street
    s = applied(world, target)
    other = services.target_register(
        actor=SYSTEM,
        org=world.changying,
        employer_fields={"name": "常营花店", "headcount": 20},
        on_date=MARCH,
    )
    start(world, other, actor="chaoyang", name="常营花店工会", members=20)
    year = (dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    fig = setup_selectors.figures(world.chaoyang, *year)
    assert fig == {"setups_started": 2, "setups_approved": 0, "setups_waiting": 1, "joint_covered": 0}
    assert setup_selectors.sentence(fig) == "筹建工会2家，批复0家"
    assert setup_selectors.todo(world.user("donghu"), world.donghu) == []  # no org.manage: nothing to approve
    waiting = setup_selectors.todo(world.user("chaoyang"), world.chaoyang)
    assert waiting == [("建会申请待批复", 1, f"/organising/setups/?status=submitted&org={world.chaoyang.pk}")]
    assert setup_selectors.todo(world.user("xicheng"), world.xicheng) == []
    setup_services.setup_approve(actor=world.user("chaoyang"), setup=s, on_date=APPROVED_ON)
    fig = setup_selectors.figures(world.donghu, *year)
    assert (fig["setups_started"], fig["setups_approved"], fig["setups_waiting"]) == (1, 1, 0)
    assert (
        setup_selectors.figures(world.donghu, dt.date(2025, 1, 1), dt.date(2025, 12, 31))["setups_approved"]
        == 0
    )
    assert setup_selectors.todo(world.user("chaoyang"), world.chaoyang)[0][:2] == ("已批复待登记成立大会", 1)
    summary = selectors.summary(world.chaoyang, *year)
    assert summary["setups_approved"] == 1 and "筹建工会2家，批复1家" in summary.sentence()


def test_the_target_panel_offers_a_start_then_links_the_set_up(street, client):
    world, target = street
    donghu = world.user("donghu")
    panel = setup_selectors.target_panel(donghu, target)
    assert panel == {"status": "", "url": "", "start_url": f"/organising/targets/{target.pk}/setup/"}
    assert setup_selectors.target_panel(world.user("viewer"), target)["start_url"] == ""
    assert setup_selectors.target_panel(world.user("xicheng"), target) is None
    client.force_login(donghu)
    page = client.get(panel["start_url"]).content.decode()
    assert "应当建立工会委员会" in page and f"{SHOP}工会" in page
    response = client.post(
        panel["start_url"],
        {
            "union_name": f"{SHOP}工会",
            "members_expected": "18",
            "preparatory_group": "",
            "started_on": "2026-06-01",
        },
    )
    s = SetUp.objects.get(target=target)
    assert response.status_code == 302 and response["Location"] == f"/organising/setups/{s.pk}/"
    page = client.get(response["Location"]).content.decode()
    assert "不足25人" in page and "改由联合工会覆盖" in page and 'data-testid="submit"' in page
    panel = setup_selectors.target_panel(donghu, Target.objects.get(pk=target.pk))
    assert panel == {"status": "筹建中", "url": f"/organising/setups/{s.pk}/", "start_url": ""}


def test_the_list_filters_and_exports_what_the_cadre_sees(street, client):
    world, target = street
    applied(world, target)
    outside = services.target_register(
        actor=SYSTEM,
        org=world.dashilan,
        employer_fields={"name": "大栅栏茶庄", "headcount": 30},
        on_date=MARCH,
    )
    start(world, outside, actor=SYSTEM, name="大栅栏茶庄工会")
    client.force_login(world.user("chaoyang"))
    page = client.get("/organising/setups/", {"status": "submitted"}).content.decode()
    assert f"{SHOP}工会" in page and "大栅栏茶庄" not in page
    assert f"{SHOP}工会" not in client.get("/organising/setups/", {"status": "draft"}).content.decode()
    assert f"{SHOP}工会" in client.get("/organising/setups/", {"q": "便利店"}).content.decode()
    sheet = leaks.readable(client.get("/organising/setups/", {"export": "xlsx"}).content)
    assert f"{SHOP}工会" in sheet and "已申请" in sheet and "大栅栏茶庄" not in sheet


def _api(client, world, username, method, path, body=None):
    token = token_create(actor=SYSTEM, user=world.user(username), name="test")[1]
    return client.generic(
        method,
        path,
        data=json.dumps(body) if body is not None else "",
        content_type="application/json",
        headers={"Authorization": "Bearer " + token},
    )


def test_the_api_lists_set_ups_and_approves_for_the_node_above(street, client):
    world, target = street
    s = applied(world, target)
    listed = _api(
        client, world, "chaoyang", "GET", f"/api/organising/setups?org={world.donghu.pk}&status=submitted"
    )
    assert listed.status_code == 200
    assert [(r["union_name"], r["employer"], r["status_display"]) for r in listed.json()["items"]] == [
        (f"{SHOP}工会", SHOP, "已申请")
    ]
    path = f"/api/organising/setups/{s.pk}/approve"
    assert _api(client, world, "donghu", "POST", path, {"on_date": "2026-06-10"}).status_code == 404
    assert _api(client, world, "xicheng", "POST", path, {"on_date": "2026-06-10"}).status_code == 404
    done = _api(client, world, "chaoyang", "POST", path, {"on_date": "2026-06-10", "note": "同意"})
    assert done.status_code == 200
    body = done.json()
    assert body["status"] == "approved" and body["union"] == Org.objects.get(name=f"{SHOP}工会").pk
    again = _api(client, world, "chaoyang", "POST", path, {})
    assert again.status_code == 409
