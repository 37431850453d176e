"""The system checks that keep the house rules: a permission code nobody registered, a module declaration that
leads nowhere, a work figure key declared twice."""

from gonghui.core import checks
from gonghui.core.modules import Module, NavItem, Work, WorkFigure


def test_the_installed_code_passes_its_own_checks():
    assert checks.permission_codes_registered() == []
    assert checks.module_contracts() == []


def test_an_unregistered_permission_code_fails_the_check(monkeypatch):
    typo = NavItem("orgs:tree", "组织", "org.veiw")
    monkeypatch.setattr(checks, "nav_items", lambda: [typo])
    (error,) = checks.permission_codes_registered()
    assert error.id == "gonghui.E010" and "org.veiw" in error.msg and "orgs:tree" in error.msg


class FakeConfig:
    label = "fake"


def test_a_declaration_that_leads_nowhere_and_a_repeated_work_key_fail_the_check(monkeypatch):
    work = Work(
        figures=(WorkFigure("activities", "开展活动", "场"),),
        count="gonghui.fake.count",
        phrase="{activities}",
    )
    real = checks.registered()
    monkeypatch.setattr(checks, "registered", lambda: [*real, (FakeConfig(), Module(work=work))])
    errors = checks.module_contracts()
    assert {e.id for e in errors} == {"gonghui.E011", "gonghui.E012"}
    assert any("gonghui.fake.count" in e.msg for e in errors)
    assert any("activities" in e.msg and "fake" in e.msg for e in errors if e.id == "gonghui.E012")


def test_a_details_text_that_leads_nowhere_fails_the_check(monkeypatch):
    work = Work(
        figures=(WorkFigure("fake_count", "假数据", "次"),),
        count="gonghui.care.selectors.work_figures",
        details="gonghui.fake.details",
        phrase="{fake_count}",
    )
    real = checks.registered()
    monkeypatch.setattr(checks, "registered", lambda: [*real, (FakeConfig(), Module(work=work))])
    (error,) = checks.module_contracts()
    assert error.id == "gonghui.E011" and "gonghui.fake.details" in error.msg
