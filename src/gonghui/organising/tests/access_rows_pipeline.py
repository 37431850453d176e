"""The pipeline part's rows of the access matrix (core/tests/test_access.py): on each side of the scope line a
target with a visit, a stall with an employer contacted there and an opinion collected; 东湖 is in 朝阳's subtree,
大栅栏 in 西城's."""

import datetime as dt

from gonghui.core.scope import SYSTEM
from gonghui.organising import pipeline_services as pipeline
from gonghui.organising import services
from gonghui.organising.models.pipeline import Outcome

DAY = dt.date(2025, 6, 18)  # a fixed past day: tests never read today's


def side(org, tag: str) -> dict:
    target = services.target_register(
        actor=SYSTEM, org=org, employer_fields={"name": f"{tag}矩阵便利店", "headcount": 12}, on_date=DAY
    )
    visit = pipeline.visit_record(
        actor=SYSTEM, target=target, on=DAY, visitors="街道总工会", outcome=Outcome.INTERESTED
    )
    event = pipeline.event_create(actor=SYSTEM, org=org, title=f"{tag}矩阵摆摊", on=DAY, place=f"{tag}街")
    pipeline.event_contact_add(
        actor=SYSTEM, event=event, new_employer={"name": f"{tag}矩阵茶庄"}, outcome=Outcome.FOLLOW_UP
    )
    opinion = pipeline.opinion_add(
        actor=SYSTEM, event=event, on=DAY, category="wages", text="希望按时发放工资"
    )
    return {"target": target, "visit": visit, "event": event, "opinion": opinion}


def _sides(world):
    if not hasattr(world, "_pipeline"):
        world._pipeline = (side(world.donghu, "东湖"), side(world.dashilan, "大栅栏"))
    return world._pipeline


def page_rows(world) -> dict:
    a, b = _sides(world)

    def pk(s, key):
        return {"pk": s[key].pk}

    return {
        "organising:targets": ("GET", {}, None, "chaoyang"),
        "organising:target_new": ("GET", {}, None, "chaoyang"),
        "organising:target": ("GET", pk(a, "target"), pk(b, "target"), "chaoyang"),
        "organising:target_edit": ("POST", pk(a, "target"), pk(b, "target"), "chaoyang"),
        "organising:target_visit": ("POST", pk(a, "target"), pk(b, "target"), "chaoyang"),
        "organising:worklist": ("GET", {}, None, "chaoyang"),
        "organising:board": ("GET", {}, None, "chaoyang"),
        "organising:events": ("GET", {}, None, "chaoyang"),
        "organising:event_new": ("GET", {}, None, "chaoyang"),
        "organising:event": ("GET", pk(a, "event"), pk(b, "event"), "chaoyang"),
        "organising:event_contact": ("POST", pk(a, "event"), pk(b, "event"), "chaoyang"),
        "organising:event_opinion": ("POST", pk(a, "event"), pk(b, "event"), "chaoyang"),
        "organising:opinions": ("GET", {}, None, "chaoyang"),
        "organising:opinion_new": ("GET", {}, None, "chaoyang"),
        "organising:opinion_answer": ("POST", pk(a, "opinion"), pk(b, "opinion"), "chaoyang"),
    }


def api_rows(world) -> list:
    a, b = _sides(world)
    targets = "/api/organising/targets?org={}"
    one = "/api/organising/targets/{}"
    visit = {
        "on": DAY.isoformat(),
        "visitors": "街道总工会",
        "outcome": "interested",
        "next_step": "再次沟通",
    }
    return [
        ("GET", targets.format(world.donghu.pk), targets.format(world.dashilan.pk), None, "chaoyang"),
        ("GET", one.format(a["target"].pk), one.format(b["target"].pk), None, "chaoyang"),
        (
            "POST",
            one.format(a["target"].pk) + "/visits",
            one.format(b["target"].pk) + "/visits",
            visit,
            "chaoyang",
        ),
    ]


def api_records(world) -> dict[str, int]:
    """Ids the API fuzz test aims its generated calls at: a target in 朝阳's subtree."""
    return {"target_id": _sides(world)[0]["target"].pk}
