"""The demo's outreach (SCENARIOS 000-3, 000-4; DOMAIN W1): the 大栅栏西街 stall and the riders' service centre in
东湖, each with its join code, the workers who joined there on their phones, scans by hour and gifts handed out.

Written through the outreach services (as the phone pages do after the SMS check), then dated to the afternoon of
each event so the figures by hour look like the day. Running it again adds nothing.
"""

import datetime as dt
import random

from django.db import transaction
from django.utils import timezone

from gonghui.core.scope import SYSTEM
from gonghui.demo.loader import demo_org
from gonghui.demo.members import resident_id
from gonghui.members.models import Membership
from gonghui.members.services import membership_approve
from gonghui.outreach import services
from gonghui.outreach.models import JoinCode, JoinRecord, JoinScan, OutreachEvent

SURNAMES = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗"
GIVEN = tuple("伟强磊军洋勇杰涛明超静丽敏燕芳娜鹏浩宇晨")
REGIONS = ("410102", "130102", "370102", "420102", "510104", "340102", "230102", "110105")

# (event name, organising union, union holding the code, place, staff, gift, days ago, (scans, joins, gifts), group,
#  employers, auto approval)
EVENTS = (
    (
        "大栅栏西街“摆摊设点”职工沟通会",
        "大栅栏街道总工会",
        "大栅栏街道总工会",
        "大栅栏西街",
        "街道总工会工作人员",
        "工会服务手册和帆布袋",
        9,
        (46, 17, 12),
        "",
        ("大栅栏西街商户", "瑞蚨祥绸布店", "张一元茶庄", "内联升鞋店"),
        False,
    ),
    (
        "美团骑手党群服务中心慰问暨扫码入会",
        "东湖街道总工会",
        "东湖街道新就业形态劳动者联合工会",
        "美团骑手党群服务中心",
        "东湖街道总工会工作人员",
        "防暑降温包",
        6,
        (63, 28, 25),
        "rider",
        ("美团",),
        True,
    ),
)


@transaction.atomic
def load_outreach() -> int:
    """The demo events and the workers who joined at them; returns how many joined now (0 when present)."""
    joined = 0
    for name, organiser, holder, place, staff, gift, days_ago, figures, group, employers, auto in EVENTS:
        if OutreachEvent.objects.filter(name=name).exists():
            continue
        day = timezone.localdate() - dt.timedelta(days=days_ago)
        union = demo_org(holder)
        event = services.event_create(
            actor=SYSTEM,
            union=demo_org(organiser),
            name=name,
            place=place,
            on_date=day,
            staff_present=staff,
            gift=gift,
        )
        code = services.code_create(actor=SYSTEM, union=union, label=place, event=event, auto_approve=auto)
        joined += _joins(code, day, figures, group, employers, seed=name)
    return joined


def _joins(code, day: dt.date, figures: tuple[int, int, int], group: str, employers, *, seed: str) -> int:
    rng = random.Random(seed)
    scans, joins, gifts = figures
    start = timezone.make_aware(dt.datetime.combine(day, dt.time(14, 0)))

    def moment() -> dt.datetime:  # the afternoon of the event, busiest around four
        return start + dt.timedelta(minutes=min(239, max(0, int(rng.gauss(110, 55)))))

    JoinScan.objects.bulk_create(JoinScan(code=code, at=moment()) for _ in range(scans))
    now = timezone.now()
    for i in range(joins):
        birth = dt.date(1975 + rng.randrange(28), 1 + rng.randrange(12), 1 + rng.randrange(28))
        number = resident_id(rng.choice(REGIONS), birth, 1 + rng.randrange(998))
        outcome = services.join_submit(
            code=code,
            data=services.JoinData(
                full_name=rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(("", *GIVEN)),
                id_number=number,
                mobile=f"13{rng.randrange(5, 10)}{rng.randrange(10**8):08d}",
                employer=rng.choice(employers),
                group=group,
                agreed_at=now,
                id_number_agreed_at=now,
            ),
        )
        record = outcome.record
        if record is None:  # the generator drew someone already registered: skip them
            continue
        at = moment()
        JoinRecord.objects.filter(pk=record.pk).update(
            at=at, gift_given_at=at + dt.timedelta(minutes=3) if i < gifts else None
        )
        if not code.auto_approve and i % 5 != 4:  # most stall applications approved since; a few wait
            membership_approve(actor=SYSTEM, membership=Membership.objects.get(pk=record.membership_id))
    return joins


def load() -> str:
    """The module's demo step (core.modules): what `gonghui demo` prints for it."""
    joined = load_outreach()
    return f"扫码入会 joined on phones: {joined} 新建 new" if joined else "已有 present"


def lines(base_url: str) -> list[str]:
    """Where a demo visitor tries the worker's side: a join code's page, the demo SMS inbox and the e-card."""
    code = JoinCode.objects.filter(closed_at__isnull=True).order_by("-id").first()
    if code is None:
        return []
    return [
        f"职工手机入会 worker join page: {base_url}/j/{code.token}/"
        f" · 演示短信 demo SMS: {base_url}/me/demo-sms/ · 电子会员证 e-card: {base_url}/me/"
    ]
