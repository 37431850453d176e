"""The elections part's rows of the access matrix (core/tests/test_access.py): an election of 东湖 (in 朝阳's
subtree) and one of 大栅栏 (in 西城's)."""

import datetime as dt

from gonghui.core.scope import SYSTEM
from gonghui.governance import elections_services as services
from gonghui.governance.models import ElectionBody

DAY = dt.date(2026, 6, 10)  # tests pin their dates, never read today's


def election(org):
    return services.election_create(
        actor=SYSTEM,
        data=services.ElectionData(
            org=org,
            title="矩阵选举工会委员会",
            body=ElectionBody.COMMITTEE,
            held_on=DAY,
            seats=2,
            candidates=[("王芳", ""), ("李明", ""), ("张伟", "")],
            entitled=45,
        ),
    )


def _sides(world):
    if not hasattr(world, "_elections"):
        world._elections = (election(world.donghu), election(world.dashilan))
    return world._elections


def page_rows(world) -> dict:
    e_in, e_out = _sides(world)
    on_in, on_out = {"pk": e_in.pk}, {"pk": e_out.pk}
    return {
        "governance:elections": ("GET", {}, None, "chaoyang"),
        "governance:election_new": ("GET", {}, None, "chaoyang"),
        "governance:election": ("GET", on_in, on_out, "chaoyang"),
        "governance:election_tally": ("GET", on_in, on_out, "chaoyang"),
        "governance:election_attendance": ("POST", on_in, on_out, "chaoyang"),
        "governance:election_sign": ("POST", on_in, on_out, "chaoyang"),
        "governance:election_submit": ("POST", on_in, on_out, "chaoyang"),
        "governance:election_decide": ("POST", on_in, on_out, "chaoyang"),
        # last: opening the vote moves the inside election on from 草稿
        "governance:election_open": ("POST", on_in, on_out, "chaoyang"),
    }


def api_rows(world) -> list:
    e_in, e_out = _sides(world)
    path = "/api/governance/elections/{}"
    return [("GET", path.format(e_in.pk), path.format(e_out.pk), None, "chaoyang")]


def api_records(world) -> dict[str, int]:
    e_in, _ = _sides(world)
    return {"election_id": e_in.pk}
