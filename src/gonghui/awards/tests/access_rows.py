"""This module's rows of the access matrix (core/tests/test_access.py): {url name: (method, kwargs in scope,
kwargs out of scope or None, the user in scope)}. 东湖 lies in 朝阳's subtree, 大栅栏 in 西城's."""

import datetime as dt

from gonghui.awards.models import AwardType
from gonghui.awards.round_services import (
    nomination_add,
    nomination_review,
    objection_record,
    publicity_start,
    quotas_set,
    round_open,
)
from gonghui.awards.services import honour_record
from gonghui.core.scope import SYSTEM

YEAR = 2024
DAY = dt.date(2026, 6, 18)  # tests pin their dates, never read today's


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
        **round_rows(world),
    }


def round_rows(world) -> dict:
    """The pages of a round (A2-A5): the city's round reaches 朝阳's list; 西城's own round is out of 朝阳's sight."""
    medal = AwardType.objects.get(code="capital-labour-medal")
    city = round_open(
        actor=SYSTEM, org=world.city, name="矩阵评选", year=2026, totals={(medal, "regular"): 4}, on=DAY
    )
    west = round_open(
        actor=SYSTEM, org=world.xicheng, name="西城评选", year=2026, totals={(medal, "regular"): 2}, on=DAY
    )
    line = f"{medal.pk}-regular"
    quotas_set(
        actor=SYSTEM,
        round=city,
        org=world.city,
        parts={(line, world.chaoyang.pk): 3, (line, world.xicheng.pk): 1},
    )
    quotas_set(actor=SYSTEM, round=west, org=world.xicheng, parts={(line, world.dashilan.pk): 2})

    def nominee(round, org, name):
        return nomination_add(
            actor=SYSTEM, round=round, org=org, award_type=medal, unit_name="矩阵单位", person_name=name
        )

    inside, outside = nominee(city, world.chaoyang, "矩阵丙"), nominee(west, world.dashilan, "矩阵丁")
    spare_in, spare_out = nominee(city, world.chaoyang, "矩阵戊"), nominee(west, world.dashilan, "矩阵己")
    objections = []
    for n in (inside, outside):
        nomination_review(actor=SYSTEM, nomination=n, yes=9, total=10, on=DAY, reason="矩阵补录")
        publicity_start(actor=SYSTEM, nomination=n, start=DAY)
        objections.append(
            objection_record(
                actor=SYSTEM, nomination=n, raised_by="匿名", content="矩阵异议", on=DAY, reason="矩阵补录"
            )
        )
    list_in, list_out = {"pk": city.pk, "org": world.chaoyang.pk}, {"pk": west.pk, "org": world.dashilan.pk}
    n_in, n_out = {"pk": inside.pk}, {"pk": outside.pk}
    return {
        "awards:rounds": ("GET", {}, None, "chaoyang"),
        "awards:round_new": ("GET", {}, None, "chaoyang"),
        "awards:round": ("GET", {"pk": city.pk}, {"pk": west.pk}, "chaoyang"),
        "awards:round_quotas": ("GET", list_in, list_out, "chaoyang"),
        "awards:round_list": ("GET", list_in, list_out, "chaoyang"),
        "awards:nomination_add": ("POST", list_in, list_out, "chaoyang"),
        "awards:publicity_xlsx": ("GET", list_in, list_out, "chaoyang"),
        "awards:publicity_pdf": ("GET", list_in, list_out, "chaoyang"),
        "awards:nomination": ("GET", n_in, n_out, "chaoyang"),
        "awards:nomination_xlsx": ("GET", n_in, n_out, "chaoyang"),
        "awards:nomination_pdf": ("GET", n_in, n_out, "chaoyang"),
        "awards:nomination_change": ("POST", n_in, n_out, "chaoyang"),
        "awards:nomination_act": ("POST", n_in, n_out, "chaoyang"),
        "awards:objection_add": ("POST", n_in, n_out, "chaoyang"),
        "awards:objection_decide": ("POST", {"pk": objections[0].pk}, {"pk": objections[1].pk}, "chaoyang"),
        "awards:nomination_remove": ("POST", {"pk": spare_in.pk}, {"pk": spare_out.pk}, "chaoyang"),
    }


def api_rows(world) -> list:
    """[(method, path in scope, path out of scope or None, body, username in scope)]"""
    summary = "/api/awards/summary?org={}&year=" + str(YEAR)
    return [("GET", summary.format(world.donghu.pk), summary.format(world.dashilan.pk), None, "chaoyang")]
