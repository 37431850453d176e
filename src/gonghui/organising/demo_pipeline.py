"""The pipeline part's demo (issue 21 §5, SCENARIOS 000-4): 大栅栏's stall on 大栅栏西街 nine days ago (the day of
the outreach demo's join code there), with the shops contacted (registered on the spot as employers without a
union), what each said and its next step, one visited again since, and the workers' opinions collected, most
answered; and two years of visits in 东湖 and 常营 (employers already on the register without a union, and
companies found on the visits, recorded from that day), so the visits move month by month and the worklists hold
next steps due and overdue. People and most firms are fictional.

Idempotent: the stall is looked up by its node and title, a street's visits by whether the street has any."""

import datetime as dt
import random

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from gonghui.core.scope import SYSTEM
from gonghui.demo.loader import demo_org, ensure_demo_staff
from gonghui.orgs.models import Coverage, Employer, EmployerStatus, Org, Ownership

from . import pipeline_services as pipeline
from . import services
from .models import EventContact, OutreachEvent, Priority, Stage, Target, Visit
from .models.pipeline import EventKind, OpinionCategory, Outcome, VisitKind

DASHILAN = "大栅栏街道总工会"
STALL_TITLE = "大栅栏西街“摆摊设点”职工沟通会"
STALL_DAYS_AGO = 9  # as the outreach demo's stall there
STALL_NOTE = (
    "街道总工会提前布置场地、摆放宣传手册；工作人员根据职工不同需求有针对性地宣讲，走进临街店铺宣传工会服务、"
    "邀请职工入会，联系各门店、企业负责人沟通建会事宜，听取、收集职工意见和建议。"
)
# (shop, headcount, address, whom they met, outcome, next step, its day from the stall (days), priority)
SHOPS = (
    (
        "瑞蚨祥绸布店",
        36,
        "大栅栏街5号",
        "店长 刘某",
        Outcome.AGREED,
        "报送建会申请，筹备职工大会",
        12,
        Priority.HIGH,
    ),
    (
        "张一元茶庄",
        28,
        "大栅栏街22号",
        "经理 张某",
        Outcome.INTERESTED,
        "再次上门向全体店员宣讲入会",
        14,
        Priority.HIGH,
    ),
    (
        "内联升鞋店",
        42,
        "大栅栏街34号",
        "店长 王某",
        Outcome.FOLLOW_UP,
        "与总部人力资源部沟通建会事宜",
        7,
        Priority.NORMAL,
    ),
    (
        "步云斋布鞋店",
        15,
        "大栅栏西街18号",
        "店员 李某（负责人不在）",
        Outcome.FOLLOW_UP,
        "约店长面谈",
        12,
        Priority.NORMAL,
    ),
    (
        "宏鑫餐饮管理有限公司大栅栏店",
        24,
        "大栅栏西街40号",
        "店长 赵某",
        Outcome.INTERESTED,
        "送建会指导材料",
        20,
        Priority.NORMAL,
    ),
    (
        "惠民便利店大栅栏西街店",
        9,
        "大栅栏西街52号",
        "店主 孙某",
        Outcome.DECLINED,
        "介绍加入街道联合工会",
        45,
        Priority.LOW,
    ),
)
# (category, what workers said, the answer or "", days after the stall it was answered)
STALL_OPINIONS = (
    (
        OpinionCategory.WAGES,
        "商户店员希望了解加班费如何计算",
        "现场讲解加班工资的规定，发放职工维权服务手册",
        0,
    ),
    (
        OpinionCategory.REST,
        "节假日客流大，希望能保证轮休",
        "已向街道商会反映，倡议商户排班保证每周至少休息一天",
        6,
    ),
    (OpinionCategory.PROTECTION, "夏季门店空调不足，希望配发防暑用品", "", 0),
    (OpinionCategory.CULTURE, "希望街道工会组织青年职工联谊和文体活动", "已纳入街道工会下季度活动安排", 4),
    (OpinionCategory.OTHER, "询问入会后能享受哪些服务", "介绍会员普惠服务、职工之家和法律援助", 0),
    (OpinionCategory.WAGES, "外地职工希望了解社会保险怎么缴纳", "", 0),
)

# The streets whose visits go back two years: (node, who goes, the demo account following its targets,
# companies found on the visits: (name, headcount, ownership, priority group, platform))
STREETS = (
    (
        "东湖街道总工会",
        "东湖街道总工会 赵子鹏、组织员 刘敏",
        "donghu",
        (
            ("北京华通配送服务有限公司", 86, Ownership.PRIVATE, True, False),
            ("北京瑞达快递服务有限公司望京分部", 54, Ownership.PRIVATE, True, False),
            ("北京鑫悦餐饮管理有限公司", 38, Ownership.PRIVATE, False, False),
            ("北京嘉诚物业管理有限公司", 120, Ownership.PRIVATE, True, False),
            ("北京博远信息技术有限公司", 65, Ownership.PRIVATE, False, False),
            ("北京康宁医药连锁有限公司湖光中街店", 18, Ownership.PRIVATE, False, False),
            ("北京诺安保安服务有限公司", 140, Ownership.PRIVATE, True, False),
            ("北京乐程家政服务有限公司", 45, Ownership.PRIVATE, True, False),
            ("北京智行网络科技有限公司", 230, Ownership.PRIVATE, False, True),
        ),
    ),
    (
        "常营地区总工会",
        "常营地区总工会 组织员 马骏",
        "chaoyang",
        (
            ("北京常兴超市连锁有限公司常营店", 46, Ownership.PRIVATE, False, False),
            ("北京泰和汽车维修服务有限公司", 22, Ownership.PRIVATE, False, False),
            ("北京宏晟建筑工程有限公司", 160, Ownership.PRIVATE, True, False),
            ("北京顺通物流有限公司", 75, Ownership.PRIVATE, True, False),
            ("北京悦美文化传媒有限公司", 30, Ownership.FOREIGN, False, False),
        ),
    ),
)
FIRST_DAYS_AGO = 700  # the first visits lie within the last two years
MET = ("总经理 王某", "人力资源部经理 李某", "行政主管 张某", "店长 刘某", "负责人 陈某", "办公室主任 杨某")
SAID = {
    Outcome.FOLLOW_UP: "宣讲工会法和建会意义，企业负责人表示需与股东商量",
    Outcome.INTERESTED: "介绍建会流程和会员普惠服务，企业负责人有意建会，询问经费和人员安排",
    Outcome.AGREED: "企业负责人同意建会，商定成立筹建工作组",
    Outcome.DECLINED: "企业负责人以人员流动大为由暂不同意，已留下宣传材料",
}
NEXT = {
    Outcome.FOLLOW_UP: ("与企业负责人再次沟通", 30),
    Outcome.INTERESTED: ("再次上门向职工宣讲入会", 21),
    Outcome.AGREED: ("指导成立筹建工作组、准备建会申请", 14),
    Outcome.DECLINED: ("三个月后回访", 90),
}
LAST_OUTCOMES = (Outcome.AGREED, Outcome.INTERESTED, Outcome.FOLLOW_UP, Outcome.DECLINED, Outcome.INTERESTED)
VISIT_OPINIONS = (
    (OpinionCategory.WAGES, "职工反映加班较多，希望工会帮助协商加班费"),
    (OpinionCategory.REST, "希望落实带薪年休假"),
    (OpinionCategory.PROTECTION, "户外作业职工希望配发防暑降温用品"),
    (OpinionCategory.CULTURE, "希望组织职工参加街道文体活动"),
)


def _user(username: str):
    return get_user_model().objects.filter(username=username, is_active=True).first()


def _target_for(street: Org, name: str, day: dt.date, **employer) -> Target:
    """The target of the employer of this name in the street: opened when it is on the register, else recorded
    from `day` (the day it was found) and opened."""
    known = Employer.objects.filter(org=street, name=name).first()
    if known is None:
        return services.target_register(
            actor=SYSTEM, org=street, employer_fields={"name": name, **employer}, on_date=day
        )
    return Target.objects.filter(employer=known).first() or services.target_open(actor=SYSTEM, employer=known)


# ---- 大栅栏's stall (000-4) -----------------------------------------------------------------------------------------


def _stall(today: dt.date) -> tuple[int, int]:
    street = demo_org(DASHILAN)
    if OutreachEvent.objects.filter(org=street, title=STALL_TITLE).exists():
        return 0, 0
    ensure_demo_staff()  # the shops' owner is the demo's 西城 cadre (the command adds the accounts after the steps)
    day = today - dt.timedelta(days=STALL_DAYS_AGO)
    event = pipeline.event_create(
        actor=SYSTEM,
        org=street,
        kind=EventKind.STALL,
        title=STALL_TITLE,
        on=day,
        place="大栅栏西街",
        note=STALL_NOTE,
    )
    owner = _user("xicheng")
    for name, headcount, address, met, outcome, step, after, priority in SHOPS:
        known = Employer.objects.filter(org=street, name=name).first()
        contact = pipeline.event_contact_add(
            actor=SYSTEM,
            event=event,
            employer=known,
            new_employer=None if known else {"name": name, "headcount": headcount, "address": address},
            met=met,
            outcome=outcome,
            next_step=step,
            next_step_on=day + dt.timedelta(days=after),
        )
        services.target_update(actor=SYSTEM, target=contact.target, owner=owner, priority=priority)
    first = EventContact.objects.filter(event=event).order_by("pk").first()
    if first is not None:  # 瑞蚨祥 visited again since: the set-up group's members agreed
        pipeline.visit_record(
            actor=SYSTEM,
            target=first.target,
            on=day + dt.timedelta(days=5),
            visitors="大栅栏街道总工会 工作人员",
            met="店长 刘某",
            said="与店长商定筹建工作组人选，店员代表3人参加",
            outcome=Outcome.AGREED,
            next_step="协助起草建会申请，报街道总工会",
            next_step_on=day + dt.timedelta(days=15),
        )
    for category, text, answer, after in STALL_OPINIONS:
        opinion = pipeline.opinion_add(actor=SYSTEM, event=event, on=day, category=category, text=text)
        if answer and day + dt.timedelta(days=after) <= today:
            pipeline.opinion_answer(
                actor=SYSTEM, opinion=opinion, answer=answer, answered_on=day + dt.timedelta(days=after)
            )
    return len(SHOPS), len(STALL_OPINIONS)


# ---- two years of visits in 东湖 and 常营 ---------------------------------------------------------------------------


def _visits_of(
    target: Target, first: dt.date, last_outcome: str, visitors: str, rng: random.Random, today, late: bool
) -> int:
    """Visits from `first` every two to four months up to a few days ago, each next step dated on the day the next
    visit was planned, the outcome growing warmer, the last one `last_outcome` with its next step: planned in the
    weeks to come, or (`late`) on a day that has passed without the visit."""
    days = [first]
    while (nxt := days[-1] + dt.timedelta(days=rng.randrange(50, 111))) <= today - dt.timedelta(days=3):
        days.append(nxt)
    for i, day in enumerate(days):
        last = i == len(days) - 1
        outcome = last_outcome if last else (Outcome.FOLLOW_UP if i < len(days) - 2 else Outcome.INTERESTED)
        step, within = NEXT[outcome]
        if not last:
            planned = days[i + 1] - dt.timedelta(days=rng.randrange(0, 8))
        elif late:
            planned = day + dt.timedelta(days=rng.randrange(10, 21))
        else:
            planned = max(nxt, day + dt.timedelta(days=within))
        opinions = [VISIT_OPINIONS[rng.randrange(len(VISIT_OPINIONS))]] if rng.random() < 0.25 else []
        visit = pipeline.visit_record(
            actor=SYSTEM,
            target=target,
            kind=VisitKind.PHONE if (i and rng.random() < 0.2) else VisitKind.VISIT,
            on=day,
            visitors=visitors,
            met=rng.choice(MET),
            said=SAID[outcome],
            outcome=outcome,
            next_step=step,
            next_step_on=planned,
            opinions=opinions,
        )
        for opinion in visit.opinions.all():
            answered = day + dt.timedelta(days=rng.randrange(3, 15))
            if answered <= today and rng.random() < 0.7:
                pipeline.opinion_answer(
                    actor=SYSTEM, opinion=opinion, answer="已向企业反映，企业承诺改进", answered_on=answered
                )
    return len(days)


def _street(name: str, visitors: str, username: str, found: tuple, today: dt.date) -> int:
    street = demo_org(name)
    if Visit.objects.in_subtree(street).exists():
        return 0
    rng = random.Random(name)
    ensure_demo_staff()
    owner = _user(username)
    on_register = list(
        Employer.objects.in_subtree(street)
        .filter(coverage=Coverage.NONE, status=EmployerStatus.ACTIVE)
        .order_by("pk")
    )
    names = [e.name for e in on_register] + [f[0] for f in found]
    details = {f[0]: f[1:] for f in found}
    made = 0
    span = FIRST_DAYS_AGO - 30
    for i, employer_name in enumerate(names):
        first = today - dt.timedelta(
            days=FIRST_DAYS_AGO - i * span // max(len(names) - 1, 1) - rng.randrange(0, 10)
        )
        headcount, ownership, group, platform = details.get(
            employer_name, (0, Ownership.PRIVATE, False, False)
        )
        employer = {"headcount": headcount, "ownership": ownership} if employer_name in details else {}
        target = _target_for(street, employer_name, first, **employer)
        if target.visits.exists() or target.stage != Stage.NONE:
            continue
        big = target.employer.headcount >= 100 or platform
        services.target_update(
            actor=SYSTEM,
            target=target,
            owner=owner if (username == "donghu" or i % 2 == 0) else None,
            priority=Priority.HIGH if big else Priority.NORMAL,
            is_priority_group=group,
            is_platform=platform,
        )
        made += _visits_of(
            target, first, LAST_OUTCOMES[i % len(LAST_OUTCOMES)], visitors, rng, today, late=i % 4 == 2
        )
    return made


@transaction.atomic
def load() -> str:
    today = timezone.localdate()
    shops, opinions = _stall(today)
    visits = sum(_street(name, visitors, user, found, today) for name, visitors, user, found in STREETS)
    if not (shops or visits):
        return "建会走访和摆摊设点：已有 present"
    return (
        f"建会走访和摆摊设点：大栅栏西街摆摊联系门店{shops}家、收集意见建议{opinions}条；"
        f"东湖、常营两年走访{visits}次 new"
    )
