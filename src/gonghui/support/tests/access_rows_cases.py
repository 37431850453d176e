"""The cases part's rows of the access matrix (core/tests/test_access.py): a legal-aid case on each side of the
scope line, 东湖 (in 朝阳's subtree) and 大栅栏 (in 西城's)."""

import datetime as dt

from gonghui.core.scope import SYSTEM
from gonghui.members.tests.factories import resident_id


def _case(org, name):
    from gonghui.support import cases_services as s
    from gonghui.support.models.cases import ClaimKind, PartyKind, PartySide

    return s.case_open(
        actor=SYSTEM,
        data=s.CaseData(
            org=org,
            intake_date=dt.date(2026, 3, 2),
            claim_kind=ClaimKind.WAGES,
            facts="矩阵案情",
            id_number=resident_id(),
            applicant_name=name,
            is_migrant=True,
            employer_name="矩阵物流有限公司",
            opposing=[s.PartyData(PartySide.OPPOSING, PartyKind.ORGANISATION, "矩阵物流有限公司")],
        ),
    )


def _sides(world):
    if not hasattr(world, "_legal_cases"):
        world._legal_cases = (_case(world.donghu, "矩阵甲"), _case(world.dashilan, "矩阵乙"))
    return world._legal_cases


def page_rows(world) -> dict:
    c_in, c_out = _sides(world)
    p_in = c_in.parties.filter(is_applicant=False).first()
    p_out = c_out.parties.filter(is_applicant=False).first()

    def on(c, **extra):
        return {"pk": c.pk, **extra}

    rows = {
        "support:cases": ("GET", {}, None, "chaoyang"),
        "support:case_new": ("GET", {}, None, "chaoyang"),
        "support:case_party_remove": ("POST", on(c_in, party=p_in.pk), on(c_out, party=p_out.pk), "chaoyang"),
    }
    for name in (
        "case",
        "case_party_add",
        "case_clear",
        "case_assign",
        "case_event",
        "case_close",
        "case_reveal",
    ):
        rows[f"support:{name}"] = ("GET" if name == "case" else "POST", on(c_in), on(c_out), "chaoyang")
    return rows


def api_rows(world) -> list:
    c_in, c_out = _sides(world)
    return [("GET", f"/api/services/cases/{c_in.pk}", f"/api/services/cases/{c_out.pk}", None, "chaoyang")]


def api_records(world) -> dict[str, int]:
    """Ids the API fuzz test aims its generated calls at: a case in 朝阳's subtree."""
    return {"case_id": _sides(world)[0].pk}
