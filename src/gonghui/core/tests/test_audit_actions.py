"""Audit actions are named constants each app declares, and the auditor reads them in Chinese."""

import re

import pytest
from django.test import Client

from gonghui.core import audit, checks, jobs
from gonghui.core.audit import Action, AuditActions, action_label, audit_record
from gonghui.core.models import AuditEvent
from gonghui.core.scope import SYSTEM
from gonghui.core.testing.world import PASSWORD
from gonghui.members.audit import MemberAudit
from gonghui.members.tests.factories import enrol

# Every code the log has ever been written with. A code, once written, keeps its meaning for the rows that hold
# it: it may gain a better label, never a new spelling. Add new codes here; never take one out.
STORED_CODES = [
    "audit.archive",
    "audit.prune",
    "org.create",
    "org.rename",
    "org.update",
    "org.move",
    "org.dissolve",
    "employer.create",
    "employer.update",
    "place.create",
    "role.grant",
    "role.revoke",
    "org.export",
    "org.export.download",
    "login",
    "login.failed",
    "login.lockout",
    "login.address_lockout",
    "login.blocked",
    "login.unlock",
    "logout",
    "mfa.failed",
    "mfa.recovery_used",
    "mfa.enrol",
    "mfa.enrol_failed",
    "mfa.reset",
    "token.create",
    "token.revoke",
    "user.create",
    "user.enable",
    "user.disable",
    "user.password",
    "user.password_refused",
    "member.enrol",
    "member.apply",
    "member.approve",
    "member.reject",
    "member.lapse",
    "member.transfer_start",
    "member.transfer_request",
    "member.transfer_accept",
    "member.transfer_rejected",
    "member.transfer_cancelled",
    "member.retain",
    "member.leave",
    "member.expel",
    "member.reinstate",
    "member.dues",
    "member.mobile.change",
    "member.reveal",
    "member.card.verify",
    "member.export",
    "member.export_full",
    "members.export.download",
    "member.import",
    "roster.preview.download",
    "roster.apply.download",
    "outreach.event.create",
    "outreach.code.create",
    "outreach.code.close",
    "outreach.gift",
    "activity.create",
    "activity.update",
    "activity.register",
    "activity.invite",
    "activity.register.self",
    "activity.cancel",
    "activity.promote",
    "activity.checkin",
    "activity.checkin.undo",
    "activity.attendance",
    "activity.reach",
    "activity.photo",
    "activity.photo.remove",
    "care.campaign.create",
    "care.campaign.update",
    "care.item.create",
    "care.stock.receive",
    "care.package.create",
    "care.unit.allocate",
    "care.distribution.record",
    "care.distribution.void",
    "care.ledger.export",
    "care.ledger.download",
    "member.demo_load",
]

CHINESE = re.compile(r"[\u4e00-\u9fff]")


def test_every_code_ever_stored_is_still_declared_with_a_chinese_label_that_fits_the_log():
    declared = audit.declared()
    assert set(STORED_CODES) <= set(declared), sorted(set(STORED_CODES) - set(declared))
    width = AuditEvent._meta.get_field("action").max_length
    for code, found in declared.items():
        assert len(code) <= width, code
        assert CHINESE.search(found[0].action.label), f"{code} has no Chinese label"


@pytest.mark.django_db
def test_audit_record_refuses_an_action_no_app_declares():
    for action in (
        "member.enrol",  # a bare string, even of a declared code: services name the constant
        Action("member.enrolled", "会员入会"),  # a code nobody declared
        Action("member.enrol", "入会"),  # a declared code under a label of its own
    ):
        with pytest.raises(ValueError, match="not declared"):
            audit_record(actor=SYSTEM, action=action)  # type: ignore[arg-type]
    assert not AuditEvent.objects.exists()
    assert audit_record(actor=SYSTEM, action=MemberAudit.ENROL).action == "member.enrol"


def test_every_job_kind_declares_how_fetching_its_file_is_audited():
    declared = audit.declared()
    for kind in jobs._KINDS:
        action = jobs.download_action(kind)
        assert declared[action.code][0].action == action, kind


def test_a_code_declared_by_two_apps_fails_the_system_check(monkeypatch):
    assert checks.audit_actions_declared_once() == []
    monkeypatch.setattr(audit, "_declared", {code: list(found) for code, found in audit.declared().items()})

    class TwinAudit(AuditActions):
        ENROL = Action("member.enrol", "会员登记")

    errors = checks.audit_actions_declared_once()
    assert [e.id for e in errors] == ["gonghui.E004"]
    assert "member.enrol" in errors[0].msg
    assert "gonghui.members.audit.MemberAudit.ENROL" in errors[0].msg and "TwinAudit.ENROL" in errors[0].msg


def test_an_action_nobody_declares_any_more_is_shown_as_its_code():
    assert action_label("member.enrol") == "会员入会"
    assert action_label("retired.code") == "retired.code"


def test_the_auditor_reads_a_real_enrolment_in_chinese(world, login):
    enrol(world.base_donghu, "王芳")
    page = login("auditor").get("/audit/").content.decode()
    cell = re.search(r"<td[^>]*>([^<]*)<code[^>]*>member\.enrol</code></td>", page)
    assert cell is not None and cell.group(1).strip() == "会员入会"
    # the filter offers each declared action by its label, grouped by the app that declares it
    assert re.search(r'<optgroup label="会员">.*?<option value="member\.enrol">会员入会</option>', page, re.S)
    assert '<option value="login.failed">登录失败（密码错误）</option>' in page


def test_the_page_filters_one_action_and_the_api_a_code_beginning(world, login):
    stranger = Client()
    stranger.post("/accounts/login/", {"username": "chaoyang", "password": "wrong"})
    stranger.post("/accounts/login/", {"username": "chaoyang", "password": PASSWORD})
    c = login("auditor")
    page = c.get("/audit/?action=login&username=chaoyang").content.decode()
    assert re.findall(r'<code class="small text-muted">([^<]+)</code>', page) == ["login"]

    rows = c.get("/api/audit/?action=login&username=chaoyang").json()["items"]
    assert sorted((r["action"], r["action_label"]) for r in rows) == [
        ("login", "登录"),
        ("login.failed", "登录失败（密码错误）"),
    ]
