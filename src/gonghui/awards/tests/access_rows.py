"""This module's rows of the access matrix (core/tests/test_access.py): {url name: (method, kwargs in scope,
kwargs out of scope or None, the user in scope)}. 东湖 lies in 朝阳's subtree, 大栅栏 in 西城's."""

from gonghui.awards.models import AwardType
from gonghui.awards.services import honour_record
from gonghui.core.scope import SYSTEM

YEAR = 2024


def page_rows(world) -> dict:
    medal = AwardType.objects.get(code="capital-labour-medal")
    inside = honour_record(
        actor=SYSTEM,
        org=world.donghu,
        award_type=medal,
        year=YEAR,
        unit_name="望京科技",
        person_name="矩阵甲",
    )
    outside = honour_record(
        actor=SYSTEM,
        org=world.dashilan,
        award_type=medal,
        year=YEAR,
        unit_name="大栅栏商贸",
        person_name="矩阵乙",
    )
    return {
        "awards:index": ("GET", {}, None, "chaoyang"),
        "awards:record": ("GET", {}, None, "chaoyang"),
        "awards:withdraw": ("POST", {"pk": inside.pk}, {"pk": outside.pk}, "chaoyang"),
    }


def api_rows(world) -> list:
    """[(method, path in scope, path out of scope or None, body, username in scope)]"""
    summary = "/api/awards/summary?org={}&year=" + str(YEAR)
    return [("GET", summary.format(world.donghu.pk), summary.format(world.dashilan.pk), None, "chaoyang")]
