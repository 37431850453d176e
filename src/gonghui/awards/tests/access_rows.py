"""This module's rows of the access matrix (core/tests/test_access.py): {url name: (method, kwargs in scope,
kwargs out of scope or None, the user in scope)}. 东湖 lies in 朝阳's subtree, 大栅栏 in 西城's."""

import datetime as dt

from gonghui.awards.intake import list_check
from gonghui.awards.models import AwardType, ModelWorker
from gonghui.awards.registry_services import team_create
from gonghui.awards.round_services import (
    attachment_add,
    nomination_add,
    nomination_review,
    objection_record,
    publicity_start,
    quotas_set,
    round_open,
)
from gonghui.awards.services import honour_record
from gonghui.awards.tests.files import pdf_upload
from gonghui.core.scope import SYSTEM
from gonghui.members.tests.factories import enrol

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
        **registry_page_rows(world),
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
    a_in, a_out = (
        {"pk": attachment_add(actor=SYSTEM, nomination=n, upload=pdf_upload("事迹材料.pdf")).pk}
        for n in (inside, outside)
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
        "awards:attachment_add": ("POST", n_in, n_out, "chaoyang"),
        "awards:attachment_download": ("GET", a_in, a_out, "chaoyang"),
        "awards:attachment_remove": ("POST", a_in, a_out, "chaoyang"),
    }


def api_rows(world) -> list:
    """[(method, path in scope, path out of scope or None, body, username in scope)]"""
    summary = "/api/awards/summary?org={}&year=" + str(YEAR)
    workers = "/api/awards/model-workers?org={}"
    return [
        ("GET", summary.format(world.donghu.pk), summary.format(world.dashilan.pk), None, "chaoyang"),
        ("GET", workers.format(world.donghu.pk), workers.format(world.dashilan.pk), None, "chaoyang"),
    ]


def registry_page_rows(world) -> dict:
    """The model-worker registry, its teams and honours lists (rule A6), on both sides of the scope line."""
    model = AwardType.objects.get(code="capital-model-worker")
    people = [
        enrol(union, name).person
        for union, name in ((world.base_donghu, "劳模甲"), (world.base_xicheng, "劳模乙"))
    ]
    for union, person in zip((world.donghu, world.dashilan), people, strict=True):
        honour_record(
            actor=SYSTEM, org=union, award_type=model, year=2020, unit_name="矩阵单位", person=person
        )
    w_in, w_out = (ModelWorker.objects.get(person=p) for p in people)
    day = dt.date(2026, 1, 5)
    t_in, t_out = (
        team_create(actor=SYSTEM, org=org, kind="lecture", name="矩阵宣讲团", founded_on=day)
        for org in (world.donghu, world.dashilan)
    )
    content = "姓名,单位\n矩阵丙,矩阵单位\n".encode()
    l_in, l_out = (
        list_check(
            actor=SYSTEM,
            org=org,
            filename="名单.csv",
            content=content,
            award_type=AwardType.objects.get(code="capital-labour-medal"),
            year=YEAR,
        )
        for org in (world.donghu, world.dashilan)
    )
    return {
        "awards:list_upload": ("GET", {}, None, "chaoyang"),
        "awards:list_preview": ("GET", {"pk": l_in.pk}, {"pk": l_out.pk}, "chaoyang"),
        "awards:list_apply": ("POST", {"pk": l_in.pk}, {"pk": l_out.pk}, "chaoyang"),
        "awards:workers": ("GET", {}, None, "chaoyang"),
        "awards:worker": ("GET", {"pk": w_in.pk}, {"pk": w_out.pk}, "chaoyang"),
        "awards:worker_edit": ("GET", {"pk": w_in.pk}, {"pk": w_out.pk}, "chaoyang"),
        "awards:visit_new": ("GET", {"pk": w_in.pk}, {"pk": w_out.pk}, "chaoyang"),
        "awards:teams": ("GET", {}, None, "chaoyang"),
        "awards:team_new": ("GET", {}, None, "chaoyang"),
        "awards:team": ("GET", {"pk": t_in.pk}, {"pk": t_out.pk}, "chaoyang"),
        "awards:team_join": ("POST", {"pk": t_in.pk}, {"pk": t_out.pk}, "chaoyang"),
        "awards:person": ("GET", {"pk": people[0].pk}, {"pk": people[1].pk}, "chaoyang"),
    }
