"""The congresses part's rows of the access matrix (core/tests/test_access.py): a congress with a quota, a
delegate, a sitting and a report, and a plenary with an item, on each side of the scope line (东湖 in 朝阳's
subtree, 大栅栏 in 西城's)."""

import datetime as dt

from gonghui.core.scope import SYSTEM
from gonghui.governance import congresses_services as services
from gonghui.governance.models import CongressKind, MatterKind, PlenaryKind


def _side(org):
    congress = services.congress_create(
        actor=SYSTEM,
        data=services.CongressData(
            org=org, kind=CongressKind.CONGRESS, number=1, starts_on=dt.date(2026, 3, 1), entitled=3
        ),
    )
    quota = services.quota_set(actor=SYSTEM, congress=congress, unit="矩阵单位", seats=3)
    d = services.delegate_add(
        actor=SYSTEM, congress=congress, data=services.DelegateData(quota=quota, name="矩阵代表", gender="F")
    )
    sitting = services.sitting_record(
        actor=SYSTEM, congress=congress, on=dt.date(2026, 3, 1), present_ids=[d.pk]
    )
    report = services.matter_add(
        actor=SYSTEM,
        congress=congress,
        data=services.MatterData(kind=MatterKind.WORK_REPORT, title="矩阵工作报告", sitting=sitting),
    )
    plenary = services.plenary_create(
        actor=SYSTEM,
        data=services.PlenaryData(
            org=org, kind=PlenaryKind.FULL, number=1, on=dt.date(2026, 4, 1), entitled=5, present=4
        ),
    )
    return congress, report, plenary


def _sides(world):
    if not hasattr(world, "_congresses"):
        world._congresses = (_side(world.donghu), _side(world.dashilan))
    return world._congresses


def page_rows(world) -> dict:
    (c_in, m_in, p_in), (c_out, m_out, p_out) = _sides(world)

    def on(x):
        return {"pk": x.pk}

    return {
        "governance:congresses": ("GET", {}, None, "chaoyang"),
        "governance:congress_new": ("GET", {}, None, "chaoyang"),
        "governance:plenary_new": ("GET", {}, None, "chaoyang"),
        "governance:congress": ("GET", on(c_in), on(c_out), "chaoyang"),
        "governance:congress_quota": ("POST", on(c_in), on(c_out), "chaoyang"),
        "governance:congress_delegate": ("POST", on(c_in), on(c_out), "chaoyang"),
        "governance:congress_sitting": ("POST", on(c_in), on(c_out), "chaoyang"),
        "governance:congress_matter": ("POST", on(c_in), on(c_out), "chaoyang"),
        "governance:matter_vote": ("POST", on(m_in), on(m_out), "chaoyang"),
        "governance:matter_file": ("GET", on(m_in), on(m_out), "chaoyang"),
        "governance:plenary": ("GET", on(p_in), on(p_out), "chaoyang"),
        "governance:plenary_matter": ("POST", on(p_in), on(p_out), "chaoyang"),
        "governance:congress_credentials": ("POST", on(c_in), on(c_out), "chaoyang"),
    }


def api_rows(world) -> list:
    (c_in, _, _), (c_out, _, _) = _sides(world)
    path = "/api/governance/congresses/{}"
    return [("GET", path.format(c_in.pk), path.format(c_out.pk), None, "chaoyang")]


def api_records(world) -> dict[str, int]:
    return {"congress_id": _sides(world)[0][0].pk}
