"""This module's rows of the access matrix (core/tests/test_access.py): {url name: (method, kwargs in scope, kwargs
out of scope or None, the user in scope)}. 东湖 lies in 朝阳's subtree, 大栅栏 in 西城's."""

import datetime as dt

from gonghui.activities.models import ActivityKind
from gonghui.core.scope import SYSTEM
from gonghui.press import services

DAY = dt.date(2026, 6, 18)  # tests pin their dates, never read today's


def clipping(org, title: str):
    report = services.Report(title, f"本报讯 近日，{org.name}举办{title}。", DAY)
    return services.confirm_activity(
        actor=SYSTEM,
        report=report,
        quoted=[],
        org=org,
        kind=ActivityKind.objects.get(code="lecture"),
        title=title,
        starts_on=DAY,
    )


def _sides(world):
    if not hasattr(world, "_press"):
        world._press = (clipping(world.donghu, "矩阵宣讲甲"), clipping(world.dashilan, "矩阵宣讲乙"))
    return world._press


def page_rows(world) -> dict:
    inside, outside = _sides(world)
    return {
        "press:index": ("GET", {}, None, "chaoyang"),
        "press:read": ("GET", {}, None, "chaoyang"),
        "press:records": ("GET", {}, None, "chaoyang"),
        "press:summary": ("GET", {}, None, "chaoyang"),
        "press:confirm": ("POST", {"kind": "activity"}, None, "chaoyang"),
        "press:org_new": ("POST", {}, None, "chaoyang"),
        "press:clipping": ("GET", {"pk": inside.pk}, {"pk": outside.pk}, "chaoyang"),
        "press:draft": (
            "GET",
            {"kind": "activity", "pk": inside.record_id},
            {"kind": "activity", "pk": outside.record_id},
            "chaoyang",
        ),
    }


def api_rows(world) -> list:
    inside, outside = _sides(world)
    one = "/api/press/clippings/{}"
    text = {
        "text": "朝阳常营地区职工同场比赛包粽子\n\n本报讯 近日，常营地区总工会组织技能竞赛，80名职工参赛。",
        "reported_on": "2026-06-18",
    }
    return [
        ("POST", "/api/press/read", None, text, "chaoyang"),
        ("GET", one.format(inside.pk), one.format(outside.pk), None, "chaoyang"),
    ]


def api_records(world) -> dict[str, int]:
    """Ids the API fuzz test aims its generated calls at: a clipping in 朝阳's subtree."""
    return {"clipping_id": _sides(world)[0].pk}
