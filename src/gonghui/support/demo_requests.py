"""The requests part of the services' demo (issue 19 §6): members of 东湖's joint union of riders ask their union
for help in every state a request can be in, from 已受理 to 已办结, one call from a worker who is not a member, and
one request nobody acknowledged, overdue and escalated to 东湖街道总工会. Texts and people are fictional; days are
counted back from the demo's today. Running it again adds nothing."""

import datetime as dt

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from gonghui.core.scope import SYSTEM
from gonghui.demo.loader import demo_org
from gonghui.members.models import LIVE_STATUSES, Membership
from gonghui.members.selectors import live_membership

from . import requests_services as services
from .models.requests import RequestChannel, ServiceRequest

DONGHU = "东湖街道总工会"
RIDERS_UNION = "东湖街道新就业形态劳动者联合工会"

# (days before today it came in, category, the member's words, steps: (state, days after receipt, text), rating)
REQUESTS = (
    (0, "wages", "配送站上月的跑单补贴至今没有发放，站长说要等平台结算。", (), None),
    (
        1,
        "insurance",
        "想了解新就业形态人员职业伤害保障怎么参加，是否需要自己缴费？",
        (("acknowledged", 0, ""),),
        None,
    ),
    (
        2,
        "labour",
        "站点要求每天早上七点到岗开会，但不算工作时间，这样合理吗？",
        (("acknowledged", 0, ""), ("in_hand", 0, "已约站点负责人本周面谈")),
        None,
    ),
    (
        6,
        "injury",
        "送餐途中被电动车撞伤，住院三天，平台说不算工伤，不知道该怎么办。",
        (
            ("acknowledged", 0, ""),
            ("in_hand", 1, "已请公益律师了解情况"),
            (
                "answered",
                3,
                "经律师分析，可申请职业伤害保障待遇，工会已协助您准备材料，请于周三到站点服务驿站办理。",
            ),
        ),
        None,
    ),
    (
        20,
        "hardship",
        "家里老人生病，这个月收入少了一半，工会有没有临时帮扶？",
        (
            ("acknowledged", 0, ""),
            ("in_hand", 1, "已转帮扶专员"),
            ("answered", 4, "已为您申请临时困难帮扶，审核通过后发放；也可参加下月的金秋助学活动。"),
            ("followed_up", 8, "电话回访：帮扶金已到账，本人表示感谢"),
        ),
        None,
    ),
    (
        30,
        "wages",
        "前雇主拖欠两个月工资共八千元，多次催要没有结果。",
        (
            ("acknowledged", 0, ""),
            ("in_hand", 0, "已联系街道劳动保障所"),
            ("answered", 3, "经街道调解，原单位同意本月十五日前一次性支付欠薪。"),
        ),
        (5, 5, "工会帮我要回了工资，非常感谢！"),
    ),
    (
        40,
        "membership",
        "换了配送平台，会籍要不要转？",
        (
            ("acknowledged", 0, ""),
            ("in_hand", 0, ""),
            ("answered", 1, "在东湖街道范围内换平台无需转会，会籍保留在联合工会。"),
            ("followed_up", 7, "回访：已清楚"),
            ("closed", 9, "回访后办结"),
        ),
        None,
    ),
    (12, "suggestion", "建议在地铁站附近增设一处户外劳动者驿站，方便雨天歇脚。", (), None),  # late: escalated
)


def _riders(n: int) -> list:
    """Members who may send a request today: the riders' union's first, then others of 东湖's subtree."""
    today = timezone.localdate()
    riders = demo_org(RIDERS_UNION)
    people: list = []
    for rows in (
        Membership.objects.filter(org=riders),
        Membership.objects.in_subtree(demo_org(DONGHU)).exclude(org=riders),
    ):
        for m in rows.filter(status__in=LIVE_STATUSES).select_related("person").order_by("id")[:500]:
            if live_membership(m.person, today) is not None:
                people.append(m.person)
            if len(people) == n:
                return people
    return people


@transaction.atomic
def load() -> str:
    donghu = demo_org(DONGHU)
    if ServiceRequest.objects.in_subtree(donghu).exists():
        return "职工诉求：已有 present"
    people = _riders(len(REQUESTS))
    if len(people) < len(REQUESTS):
        return "职工诉求：跳过 skipped（联合工会会员不足）"
    staff = get_user_model().objects.filter(username="donghu").first() or SYSTEM
    today = timezone.localdate()
    for person, (back, category, words, steps, rating) in zip(people, REQUESTS, strict=True):
        received = today - dt.timedelta(days=back)
        r = services.request_submit(person=person, category=category, description=words, on=received)
        for state, after, text in steps:
            r = services.request_step(
                actor=staff, request=r, state=state, text=text, on=received + dt.timedelta(days=after)
            )
        if rating is not None:
            after, stars, comment = rating
            services.request_rate(
                person=person,
                request=r,
                rating=stars,
                comment=comment,
                on=received + dt.timedelta(days=after),
            )
    call = services.request_log(
        actor=staff,
        data=services.CallData(
            channel=RequestChannel.HOTLINE,
            category="wages",
            description="来电反映：装修队老板拖欠三名工人一个月工资，工人不是工会会员。",
            logging_org=donghu,
            caller_name="周师傅",
            caller_mobile="13700001234",
        ),
        on=today - dt.timedelta(days=1),
    )
    services.request_step(actor=staff, request=call, state="acknowledged", on=today)
    escalated = services.requests_escalate_overdue(today)
    return f"职工诉求{len(REQUESTS) + 1}件（各办理状态，逾期升级{escalated}件）"
