"""Hardship aid for 困难职工 (DOMAIN §6 V3, M10; issue 19 §3): the local line, the file with its separate consent,
two-level review, aid, annual re-review and expiry, the member's flag, and the narrow permission that keeps income
and reasons to the few who hold hardship.handle, every full view audited."""

import datetime as dt
import io

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse
from python_calamine import CalamineWorkbook

from gonghui.core import personal
from gonghui.core.errors import Conflict, DomainError, NotFound
from gonghui.core.models import AuditCategory, AuditEvent
from gonghui.core.scope import SYSTEM
from gonghui.core.testing import leaks
from gonghui.core.testing.world import PASSWORD, make_user
from gonghui.members.models import Person
from gonghui.members.sessions import MEMBER_SESSION_KEY
from gonghui.members.tests.factories import enrol, resident_id
from gonghui.support import hardship_selectors as sel
from gonghui.support import hardship_services as hs
from gonghui.support.hardship_audit import HardshipAudit
from gonghui.support.models.hardship import (
    HARDSHIP_PURPOSE,
    FileStatus,
    GrantKind,
    HardshipCategory,
    HardshipFile,
    IncomeBand,
)

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 6, 18, 10, tzinfo=dt.UTC)
TODAY = dt.date(2026, 6, 18)
INCOME = 2987  # household monthly income of the tests' households; pages would write it "2,987"
INCOME_SHOWN = "2,987"


@pytest.fixture(autouse=True)
def _pinned():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def h(world):
    """The world with the city's 2026 line and three 帮扶专员: at the city, at 朝阳, at 望京科技's union."""
    world.users["bangfu_city"] = make_user("bangfu_city", world.city, "hardship")
    world.users["bangfu_chaoyang"] = make_user("bangfu_chaoyang", world.chaoyang, "hardship")
    world.users["bangfu_base"] = make_user("bangfu_base", world.base_donghu, "hardship")
    hs.line_set(
        actor=world.user("bangfu_city"), org=world.city, region_code="110000", year=2026, monthly_line=1500
    )
    return world


def household(income=INCOME, size=3, category=HardshipCategory.DEEP):
    return hs.HouseholdData(
        household_size=size,
        income_yuan=income,
        category=category,
        reasons="本人患尿毒症，每周透析",
        evidence="诊断证明",
    )


def new_file(world, name="刘建国", union=None, submit=True, **kw):
    m = enrol(union or world.base_donghu, name)
    return hs.file_create(actor=SYSTEM, membership=m, data=household(**kw), consent=True, submit=submit)


def approved(world, name="刘建国", union=None):
    f = new_file(world, name, union)
    f = hs.review_base(actor=SYSTEM, file=f, approve=True, reason="情况属实")
    return hs.review_upper(actor=SYSTEM, file=f, approve=True, reason="同意认定")


# ---- the line (V3) ----------------------------------------------------------------------------------------------


def test_below_the_line_iff_income_is_less_than_line_times_household():
    # rule V3, integers only: 4,499 < 1,500 × 3 is below; 4,500 is not
    assert hs.band_for(4499, 3, 1500) == IncomeBand.BELOW
    assert hs.band_for(4500, 3, 1500) == IncomeBand.ABOVE
    assert hs.band_for(0, 1, 1) == IncomeBand.BELOW


def test_the_most_specific_line_is_used_and_a_missing_year_is_refused_by_name(h):
    world = h
    f = new_file(world)
    assert (f.line_region, f.line_year, f.line_yuan, f.band) == ("110000", 2026, 1500, IncomeBand.BELOW)
    # 朝阳 (110105) gets its own, higher line: the district's wins over the city's
    hs.line_set(actor=SYSTEM, org=world.city, region_code="110105", year=2026, monthly_line=900)
    g = new_file(world, "王秀兰", size=3)  # 2,987 ≥ 900 × 3
    assert (g.line_region, g.line_yuan, g.band) == ("110105", 900, IncomeBand.ABOVE)
    with (
        time_machine.travel(dt.datetime(2027, 1, 5, 10, tzinfo=dt.UTC), tick=False),
        pytest.raises(DomainError) as exc,
    ):
        new_file(world, "赵强")
    assert "2027年" in exc.value.message and "认定标准" in exc.value.message


def test_only_a_city_handler_sets_lines(h, login):
    world = h
    with pytest.raises(NotFound):
        hs.line_set(
            actor=world.user("bangfu_chaoyang"),
            org=world.city,
            region_code="110000",
            year=2027,
            monthly_line=1,
        )
    with pytest.raises(DomainError):
        hs.line_set(actor=SYSTEM, org=world.chaoyang, region_code="110105", year=2027, monthly_line=1600)
    page = login("bangfu_chaoyang").get(reverse("support:income_lines"))
    assert "110000" in page.content.decode() and 'data-testid="line-form"' not in page.content.decode()
    c = login("bangfu_city")
    r = c.post(
        reverse("support:income_lines"),
        {"org": world.city.pk, "region_code": "110000", "year": 2027, "monthly_line": 1580},
    )
    assert r.status_code == 302
    assert "1580" in c.get(reverse("support:income_lines")).content.decode()


# ---- the file, consent, encryption -----------------------------------------------------------------------------


def test_nothing_sensitive_is_saved_without_the_separate_consent(h):
    m = enrol(h.base_donghu, "刘建国")
    with pytest.raises(DomainError) as exc:
        hs.file_create(actor=SYSTEM, membership=m, data=household(), consent=False)
    assert exc.value.code == "consent" and "单独同意" in exc.value.message
    assert HardshipFile.objects.count() == 0


def test_income_and_reasons_are_encrypted_at_rest_and_never_in_the_audit_log(h):
    f = new_file(h)
    row = HardshipFile.objects.values("income_cipher", "reasons_cipher").get(pk=f.pk)
    assert str(INCOME) not in row["income_cipher"] and "透析" not in row["reasons_cipher"]
    assert personal.decrypt(row["income_cipher"], purpose=HARDSHIP_PURPOSE) == str(INCOME)
    assert (f.consent_version, f.consent_by_name) == (hs.CONSENT_VERSION, "系统")
    for e in AuditEvent.objects.all():
        assert str(INCOME) not in f"{e.before}{e.after}" and "透析" not in f"{e.before}{e.after}"


def test_a_staff_file_finds_the_member_by_number_or_id_number(h, login):
    world = h
    number = resident_id()
    m = enrol(world.base_donghu, "陈立", id_number=number)
    c = login("bangfu_chaoyang")
    leaks.watch(INCOME_SHOWN)
    form = {
        "household_size": 3,
        "income": INCOME,
        "category": "deep",
        "reasons": "子女重病",
        "doc_type": "ric",
    }
    refused = c.post(reverse("support:hardship_new"), {**form, "id_number": number})
    assert "单独同意" in refused.content.decode() and HardshipFile.objects.count() == 0
    r = c.post(
        reverse("support:hardship_new"), {**form, "id_number": number, "consent": "on", "submit": "on"}
    )
    f = HardshipFile.objects.get()
    assert r.status_code == 302 and (f.person_id, f.org_id, f.status) == (
        m.person_id,
        world.base_donghu.pk,
        "submitted",
    )
    # a second live file of the same member at the same union is refused
    again = c.post(reverse("support:hardship_new"), {**form, "number": m.number, "consent": "on"})
    assert "已有在办或有效" in again.content.decode()


# ---- review, flag (M10), grants, re-review, expiry ----------------------------------------------------------------


def test_two_level_review_approves_for_a_year_and_flags_the_member(h):
    world = h
    f = new_file(world)
    base, upper = world.user("bangfu_base"), world.user("bangfu_chaoyang")
    f = hs.review_base(actor=base, file=f, approve=True, reason="属实")
    assert f.status == FileStatus.BASE_APPROVED
    with pytest.raises(DomainError) as exc:  # the base union cannot confirm at the node above
        hs.review_upper(actor=base, file=f, approve=True, reason="同意")
    assert "上级工会" in exc.value.message
    f = hs.review_upper(actor=upper, file=f, approve=True, reason="同意认定")
    assert (f.status, f.approved_on, f.valid_until) == (FileStatus.APPROVED, TODAY, dt.date(2027, 6, 18))
    assert Person.objects.get(pk=f.person_id).is_hardship is True
    codes = list(
        AuditEvent.objects.filter(target_id__in=[str(f.pk), str(f.person_id)]).values_list(
            "action", flat=True
        )
    )
    assert HardshipAudit.BASE_REVIEW.code in codes and HardshipAudit.FLAG_SET.code in codes


def test_the_base_reviewer_cannot_confirm_their_own_review(h):
    world = h
    f = new_file(world)
    upper = world.user("bangfu_chaoyang")
    f = hs.review_base(actor=upper, file=f, approve=True, reason="属实")
    with pytest.raises(Conflict):
        hs.review_upper(actor=upper, file=f, approve=True, reason="同意")


def test_a_returned_file_names_its_reason_and_can_be_corrected(h):
    f = new_file(h)
    with pytest.raises(DomainError):
        hs.review_base(actor=SYSTEM, file=f, approve=False, reason="")
    f = hs.review_base(actor=SYSTEM, file=f, approve=False, reason="缺少收入证明")
    assert (f.status, f.return_reason) == (FileStatus.RETURNED, "缺少收入证明")
    f = hs.file_edit(actor=SYSTEM, file=f, data=household(income=5000), consent=True)
    f = hs.file_submit(actor=SYSTEM, file=f)
    assert (f.status, f.band) == (FileStatus.SUBMITTED, IncomeBand.ABOVE)


def test_the_flag_stays_while_another_live_approved_file_exists(h):
    world = h
    f1 = approved(world)
    # the same person with an approved file at a second union too (they moved jobs)
    f2 = approved(world, "临时", world.base_xicheng)
    HardshipFile.objects.filter(pk=f2.pk).update(person_id=f1.person_id)
    f2.refresh_from_db()
    hs.rereview(actor=SYSTEM, file=f1, renew=False, reason="收入已改善")
    assert Person.objects.get(pk=f1.person_id).is_hardship is True
    hs.withdraw(actor=SYSTEM, file=f2, reason="本人撤回同意")
    assert Person.objects.get(pk=f1.person_id).is_hardship is False
    assert AuditEvent.objects.filter(action=HardshipAudit.FLAG_CLEAR.code).count() == 1


def test_aid_is_granted_to_approved_files_only(h):
    world = h
    f = new_file(world)
    money = hs.GrantData(given_on=TODAY, kind=GrantKind.MONEY, amount_yuan=2000, campaign="2026年冬送温暖")
    with pytest.raises(Conflict):
        hs.grant_add(actor=SYSTEM, file=f, data=money)
    f = approved(world, "王秀兰")
    with pytest.raises(DomainError) as exc:
        hs.grant_add(actor=SYSTEM, file=f, data=hs.GrantData(given_on=TODAY, kind=GrantKind.GOODS))
    assert "物资" in exc.value.message
    hs.grant_add(actor=SYSTEM, file=f, data=money)
    hs.grant_add(
        actor=SYSTEM, file=f, data=hs.GrantData(given_on=TODAY, kind=GrantKind.GOODS, goods="米面油一套")
    )
    assert sel.grants_total(actor=SYSTEM, file=f) == 2000


def test_the_annual_re_review_renews_or_closes(h):
    world = h
    f = approved(world)
    with time_machine.travel(dt.datetime(2027, 6, 1, 10, tzinfo=dt.UTC), tick=False):
        f = hs.rereview(actor=SYSTEM, file=f, renew=True, reason="仍在治疗")
    assert (f.status, f.approved_on, f.valid_until) == (
        FileStatus.APPROVED,
        dt.date(2027, 6, 1),
        dt.date(2028, 6, 1),
    )
    f = hs.rereview(actor=SYSTEM, file=f, renew=False, reason="已再就业")
    assert f.status == FileStatus.CLOSED and Person.objects.get(pk=f.person_id).is_hardship is False


def test_an_unrenewed_file_expires_and_the_flag_goes(h):
    world = h
    f = approved(world)
    kept = approved(world, "王秀兰")
    hs.rereview(actor=SYSTEM, file=kept, renew=True, reason="仍困难")  # renewed today: still due 2027-06-18
    assert hs.hardship_expire_due(dt.date(2027, 6, 18)) == 0  # the last valid day
    out = io.StringIO()
    call_command("hardship_expire", "--today", "2027-06-19", stdout=out)
    assert "2份" in out.getvalue()
    f.refresh_from_db()
    assert f.status == FileStatus.EXPIRED and Person.objects.get(pk=f.person_id).is_hardship is False


def test_todo_reminds_30_days_before_and_shows_overdue(h):
    world = h
    approved(world)
    handler = world.user("bangfu_chaoyang")
    with time_machine.travel(dt.datetime(2027, 5, 18, 10, tzinfo=dt.UTC), tick=False):
        assert sel.todo(handler, world.chaoyang) == []
    with time_machine.travel(dt.datetime(2027, 5, 19, 10, tzinfo=dt.UTC), tick=False):
        (label, n, url), *_ = sel.todo(handler, world.chaoyang)
        assert ("30天内到期" in label, n, "due=soon" in url) == (True, 1, True)
    with time_machine.travel(dt.datetime(2027, 6, 19, 10, tzinfo=dt.UTC), tick=False):
        assert [(lbl, n) for lbl, n, _ in sel.todo(handler, world.chaoyang)] == [
            ("困难职工档案复审已逾期", 1)
        ]
    assert sel.todo(world.user("chaoyang"), world.chaoyang) == []  # no hardship.handle: nothing to see


# ---- the narrow permission and the audited full view ----------------------------------------------------------------


def test_work_edit_without_hardship_handle_finds_nothing(h, login):
    world = h
    f = new_file(world)
    c = login("chaoyang")  # admin of 朝阳: work.edit, member.view … but not hardship.handle
    for url in (
        reverse("support:hardship"),
        reverse("support:hardship_file", args=[f.pk]),
        reverse("support:income_lines"),
    ):
        assert c.get(url).status_code == 404
    assert c.get(f"/api/services/hardship/{f.pk}").status_code in (401, 404)
    with pytest.raises(NotFound):
        hs.review_base(actor=world.user("chaoyang"), file=f, approve=True, reason="属实")
    # a 帮扶专员 of 朝阳 does not see 西城's files
    theirs = new_file(world, "西城人", world.base_xicheng)
    assert login("bangfu_chaoyang").get(reverse("support:hardship_file", args=[theirs.pk])).status_code == 404


def test_income_shows_only_on_the_audited_detail(h, login):
    world = h
    leaks.watch(INCOME_SHOWN)
    f = approved(world)
    hs.grant_add(
        actor=SYSTEM, file=f, data=hs.GrantData(given_on=TODAY, kind=GrantKind.MONEY, amount_yuan=1200)
    )
    c = login("bangfu_chaoyang")
    before = AuditEvent.objects.filter(
        category=AuditCategory.ACCESS, action=HardshipAudit.FILE_VIEW.code
    ).count()
    detail = c.get(reverse("support:hardship_file", args=[f.pk]))
    text = detail.content.decode()
    assert detail.status_code == 200 and INCOME_SHOWN in text and "透析" in text
    assert detail.gonghui_reveals is True
    views = AuditEvent.objects.filter(category=AuditCategory.ACCESS, action=HardshipAudit.FILE_VIEW.code)
    assert views.count() == before + 1 and views.latest("pk").actor.username == "bangfu_chaoyang"
    # the list, its export and the API: masked name and band only (the leak watch fails the test otherwise)
    page = c.get(reverse("support:hardship")).content.decode()
    assert "刘**" in page and "低于标准" in page and "刘建国" not in page and "透析" not in page
    sheet = c.get(reverse("support:hardship") + "?export=xlsx")
    rows = CalamineWorkbook.from_filelike(io.BytesIO(b"".join(sheet))).get_sheet_by_index(0).to_python()
    assert rows[2][0] == "刘**" and "刘建国" not in str(rows) and "透析" not in str(rows)
    api = c.get(f"/api/services/hardship/{f.pk}").json()
    assert (api["band_label"], api["status_label"], api["grants_total_yuan"]) == (
        "低于标准",
        "上级审核通过",
        1200,
    )


def test_the_list_filters_and_searches(h, login):
    world = h
    f = approved(world)
    other = new_file(world, "王秀兰", category=HardshipCategory.ACCIDENT)
    c = login("bangfu_chaoyang")
    page = c.get(reverse("support:hardship") + "?category=accident").content.decode()
    assert "王**" in page and "刘**" not in page
    page = c.get(reverse("support:hardship") + f"?q={f.member_number}").content.decode()
    assert "刘**" in page and "王**" not in page
    assert other.pk


# ---- the member's phone page ----------------------------------------------------------------------------------------


def sign_in_member(client, membership):
    session = client.session
    session[MEMBER_SESSION_KEY] = membership.person.pk
    session.save()


def test_a_member_applies_on_the_phone_and_sees_the_state(h, client):
    world = h
    leaks.watch(INCOME_SHOWN)
    m = enrol(world.base_donghu, "孙丽")
    sign_in_member(client, m)
    url = reverse("hardship_me")
    form = {"household_size": 3, "income": INCOME, "category": "accident", "reasons": "家中火灾"}
    refused = client.post(url, form)
    assert "单独同意" in refused.content.decode() and HardshipFile.objects.count() == 0
    assert client.post(url, {**form, "consent": "on"}).status_code == 302
    f = HardshipFile.objects.get()
    assert (f.org_id, f.status, f.channel, f.person_id) == (
        world.base_donghu.pk,
        "submitted",
        "phone",
        m.person_id,
    )
    page = client.get(url).content.decode()
    assert "已提交" in page and 'data-testid="apply-form"' not in page
    assert AuditEvent.objects.filter(
        action=HardshipAudit.FILE_APPLY.code, actor_username__startswith="会员 孙*"
    ).exists()


# ---- figures ----------------------------------------------------------------------------------------------------------


def test_figures_and_sentence_for_a_subtree_and_period(h):
    world = h
    a = approved(world, "甲")
    b = approved(world, "乙")
    approved(world, "丙", world.base_xicheng)  # another district
    new_file(world, "丁", submit=False)  # a draft is no application
    for f, amount in ((a, 20000), (a, 6000), (b, 10000)):
        hs.grant_add(
            actor=SYSTEM, file=f, data=hs.GrantData(given_on=TODAY, kind=GrantKind.MONEY, amount_yuan=amount)
        )
    hs.grant_add(actor=SYSTEM, file=b, data=hs.GrantData(given_on=TODAY, kind=GrantKind.GOODS, goods="棉被"))
    fig = sel.figures(world.chaoyang, dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    # the plain reference: 甲 and 乙 submitted in 2026 under 朝阳; both received aid; 20,000 + 6,000 + 10,000 yuan
    assert fig == {"hardship_applications": 2, "hardship_households": 2, "aid_yuan": 36000}
    assert sel.sentence(fig) == "帮扶困难职工2户，发放帮扶资金3.6万元，受理困难帮扶申请2件"
    assert sel.figures(world.chaoyang, dt.date(2025, 1, 1), dt.date(2025, 12, 31)) == dict.fromkeys(
        sel.FIGURES, 0
    )
    assert sel.sentence(dict.fromkeys(sel.FIGURES, 0)) == ""
    assert sel.yuan_written(8500) == "8,500元" and sel.yuan_written(30000) == "3万元"


def test_the_pages_carry_a_file_through_review_aid_and_re_review(h, client):
    world = h
    leaks.watch(INCOME_SHOWN)
    f = new_file(world)

    def as_user(name):
        client.logout()
        assert client.login(username=name, password=PASSWORD)
        return client

    c = as_user("bangfu_base")
    url = reverse("support:hardship_file", args=[f.pk])
    assert "基层工会审核" in c.get(url).content.decode()
    c.post(
        reverse("support:hardship_review", args=[f.pk, "base"]), {"decision": "approve", "reason": "走访属实"}
    )
    c = as_user("bangfu_chaoyang")
    r = c.post(
        reverse("support:hardship_review", args=[f.pk, "upper"]), {"decision": "approve", "reason": "同意"}
    )
    assert r.status_code == 302
    grant = {"given_on": "2026-06-18", "kind": "money", "amount_yuan": 1500, "campaign": "2026年金秋助学"}
    c.post(reverse("support:hardship_grant", args=[f.pk]), grant)
    page = c.get(url).content.decode()
    assert "上级审核通过" in page and "2026年金秋助学" in page and "2027-06-18" in page
    c.post(reverse("support:hardship_rereview", args=[f.pk]), {"decision": "close", "reason": "已再就业"})
    f.refresh_from_db()
    assert f.status == FileStatus.CLOSED and Person.objects.get(pk=f.person_id).is_hardship is False


def test_a_member_withdraws_their_consent_and_the_sensitive_data_go(h, client, login):
    world = h
    f = approved(world, "孙丽")
    m = f.person.memberships.get()
    sign_in_member(client, m)
    other = new_file(world, "别人")
    r = client.post(reverse("hardship_me_withdraw", args=[other.pk]))  # not theirs: nothing happens
    assert r.status_code == 302 and HardshipFile.objects.get(pk=other.pk).status == FileStatus.SUBMITTED
    client.post(reverse("hardship_me_withdraw", args=[f.pk]))
    f.refresh_from_db()
    assert (f.status, f.income_cipher, f.reasons_cipher) == (FileStatus.WITHDRAWN, "", "")
    assert Person.objects.get(pk=f.person_id).is_hardship is False
    page = login("bangfu_chaoyang").get(reverse("support:hardship_file", args=[f.pk])).content.decode()
    assert "已删除（本人撤回同意）" in page and "透析" not in page
