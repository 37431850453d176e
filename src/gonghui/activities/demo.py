"""The demo's activities (SCENARIOS 000-1, 000-3, 001-2, 001-3, 002-4, 002-6; DOMAIN W6, S5), recorded through the
activities services so the reports' figures come back out of the product: the city federation's research visit
to 北京工商大学, 东湖's care visit, fun sports meeting and couriers' photo contest, the 11 universities' joint study,
顺义's training class of 42 cadres over four topics with attendance per session, 延庆's exchange visit with its
three measures, and 北京联合大学's parent-child event with about 200 staff families in five craft groups.

People are fictional (names drawn from a seeded generator); leaders are named by their office only. Running it
again adds nothing: an activity already recorded under its organiser is left as it is.
"""

import datetime as dt
import random

from django.db import transaction
from django.utils import timezone

from gonghui.activities import selectors, services
from gonghui.activities.models import (
    Activity,
    ActivityKind,
    Approx,
    Attendance,
    Registration,
    RegistrationMode,
)
from gonghui.activities.services import ActivityData, GroupData, ParticipantData, SessionData
from gonghui.core.errors import DomainError
from gonghui.core.scope import SYSTEM
from gonghui.demo.dates import last_year, lasting, reported, upcoming
from gonghui.demo.loader import demo_org
from gonghui.demo.members import resident_id
from gonghui.demo.world import GIVEN_NAMES, SURNAMES
from gonghui.members.cards import card_code
from gonghui.members.models import Membership
from gonghui.members.services import PersonData, membership_enrol
from gonghui.orgs.models import Level, Org, Place

BTBU, BUU, EDU = "北京工商大学工会", "北京联合大学工会", "北京市教育工会"
RIDERS_UNION = "东湖街道新就业形态劳动者联合工会"
# 001-2: the report names 北京师范大学 and 北京航空航天大学 "等11所高校"; the rest of the eleven are illustrative.
UNIVERSITIES = (
    ("北京师范大学工会", 4),
    ("北京航空航天大学工会", 4),
    ("北京电子科技职业学院工会", 6),
    ("北京工商大学工会", 3),
    ("北京联合大学工会", 3),
    ("北京理工大学工会", 3),
    ("北京交通大学工会", 3),
    ("北京科技大学工会", 3),
    ("北京化工大学工会", 2),
    ("北京邮电大学工会", 3),
    ("中国农业大学工会", 3),
)
TOPICS_001_3 = ("基层工会组建", "会员数据平台使用", "工会法人证书办理", "工会经费管理")
CRAFTS_002_6 = (("毛猴", 40), ("缠花", 40), ("仿点翠", 40), ("掐丝彩砂画", 40), ("盘扣", 40))
FAMILIES_002_6 = 196  # “近200名教职工家庭”
TRAINEES_001_3 = 42  # “共40余名工会干部”


def _kind(code: str) -> ActivityKind:
    return ActivityKind.objects.get(code=code)


def _place(name: str) -> Place | None:
    return Place.objects.filter(name=name).first()


def _record(org: Org, kind: str, title: str, day: dt.date, **fields) -> Activity | None:
    """The activity, or None when the organiser already has it (the loader ran before)."""
    if Activity.objects.filter(org=org, title=title).exists():
        return None
    return services.activity_create(
        actor=SYSTEM, data=ActivityData(org=org, kind=_kind(kind), title=title, starts_on=day, **fields)
    )


def _name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + rng.choice(GIVEN_NAMES)


@transaction.atomic
def load_activities() -> int:
    """Record the reports' activities that are missing; returns how many were recorded now (0 when present)."""
    made = [
        _visit_000_1(),
        *_donghu_000_3(),
        _joint_study_001_2(),
        _training_001_3(),
        _exchange_002_4(),
        _families_002_6(),
        _lecture_002_2(),
        _showcase_001_1(),
        _walk_upcoming(),
    ]
    recorded = [a for a in made if a is not None]
    for activity in recorded:
        _on_the_day(activity)
    return len(recorded)


def _on_the_day(activity: Activity) -> None:
    """Check-ins and attendance were recorded while loading; date them to the activity's own day, arriving
    over the first hour from nine o'clock, as a sign-in desk would have seen them."""
    start = timezone.make_aware(dt.datetime.combine(activity.starts_on, dt.time(9, 0)))
    arrived = activity.registrations.filter(checked_in_at__isnull=False).order_by("checked_in_at", "id")
    for i, pk in enumerate(arrived.values_list("pk", flat=True)):
        Registration.objects.filter(pk=pk).update(checked_in_at=start + dt.timedelta(seconds=20 * i))
    for session in activity.sessions.all():
        day = session.on_date or activity.starts_on
        Attendance.objects.filter(session=session).update(
            at=timezone.make_aware(dt.datetime.combine(day, dt.time(9, 0)))
        )


def _visit_000_1() -> Activity | None:
    return _record(
        demo_org("北京市总工会"),
        "visit",
        "市总工会领导赴北京工商大学调研工会工作",
        last_year(dt.date(2024, 5, 22)),
        place_text="北京工商大学",
        co_organisers=[demo_org(EDU)],
        participants=[ParticipantData(BTBU, org=demo_org(BTBU)), ParticipantData(EDU, org=demo_org(EDU))],
        target_groups=["高校教职工", "基层工会干部"],
        leaders="市总工会党组书记、副主席；市总工会副主席；市教育工会负责同志",
        sessions=[
            SessionData("中国轻工业酿酒分子工程重点实验室"),
            SessionData("蛋白资源开发与营养食品研究实验室"),
            SessionData("化妆品监管科学研究基地"),
            SessionData("数字未来中心：两校区“互联互通”线上直播课堂、校园实景虚拟漫游"),
            SessionData("座谈交流会"),
        ],
        summary=(
            "宣传宣讲北京市工会十五大精神，对构建“1234”工作格局提出要求。实地调研实验室和研究基地，"
            "了解人才培养、科研成果与技术转化；在数字未来中心了解数字化教学探索；座谈交流会上听取学校"
            "整体发展情况介绍。\n调研议题：产学研深度融合；思想政治引领；助力职业发展；做好关心关爱；加强自身建设。"
        ),
    )


def _members_of(union: Org, limit: int) -> list[Membership]:
    """Members of the union who may take part today (members whose dues lapsed, M7, cannot until they pay)."""
    today = timezone.localdate()
    rows = (
        Membership.objects.filter(org=union, status__in=services.TAKING_PART, number__isnull=False)
        .select_related("person")
        .order_by("id")
    )
    return [m for m in rows[: limit * 2] if m.status_on(today) in services.TAKING_PART][:limit]


def _riders(limit: int) -> list[Membership]:
    """Riders who are members of 东湖's new-employment-form joint union (they joined at the outreach stall)."""
    return _members_of(demo_org(RIDERS_UNION), limit)


def _check_in(activity: Activity, memberships: list[Membership]) -> None:
    for m in memberships:
        try:
            services.check_in_card(actor=SYSTEM, activity=activity, code_text=card_code(m))
        except DomainError:  # a membership no longer valid today: not a member who came
            continue


def _donghu_000_3() -> list[Activity | None]:
    donghu = demo_org("东湖街道总工会")
    riders = ["外卖配送员", "新就业形态劳动者"]
    care = _record(
        donghu,
        "condolence",
        "走进美团骑手党群服务中心慰问外卖小哥",
        reported(dt.date(2024, 5, 28)),
        place=_place("美团骑手党群服务中心"),
        target_groups=riders,
        leaders="东湖街道总工会工作人员",
        summary="工会工作人员将慰问品逐一发放到“小哥”手中，小哥们出示电子会员证签到。",
    )
    if care is not None:
        _check_in(care, _riders(20))
    sports = _record(
        donghu,
        "culture_sport",
        "新就业形态劳动者趣味运动会",
        reported(dt.date(2024, 6, 2)),
        place=_place("美团骑手党群服务中心"),
        place_text="服务中心前广场",
        target_groups=riders,
        # illustrative: "20余家" stations took part, two of them named (issue 16 §4: counted where not all named)
        participants=[ParticipantData("美团东湖配送站"), ParticipantData("饿了么望京配送站")],
        participant_orgs_count=20,
        participant_orgs_approx=Approx.OVER,
        summary="小哥们互相鼓励、默契配合，赛后东湖街道总工会为小哥们送上奖品和祝福。",
    )
    if sports is not None:
        _check_in(sports, _riders(12))
    photos = _record(
        donghu,
        "contest",
        "顺丰快递员线上摄影大赛",
        reported(dt.date(2024, 6, 5)),
        ends_on=lasting(reported(dt.date(2024, 6, 5)), dt.date(2024, 6, 5), dt.date(2024, 6, 20)),
        place_text="线上",
        target_groups=["快递员"],
        participants=[ParticipantData("顺丰速运")],
        summary="快递员利用工作之余拍摄日常工作、城市风景和生活中的精彩瞬间，展现对美好生活的热爱与追求。",
    )
    return [care, sports, photos]


def _joint_study_001_2() -> Activity | None:
    registered = {
        o.name: o for o in Org.objects.filter(name__in=[n for n, _ in UNIVERSITIES], level=Level.BASE)
    }
    activity = _record(
        demo_org(EDU),
        "joint_study",
        "北京高校三片组工会干部“贯彻北京市工会十五大精神 弘扬工匠精神”联学联建主题活动",
        last_year(dt.date(2024, 6, 14)),
        place_text="北京电子科技职业学院",
        co_organisers=[demo_org("北京电子科技职业学院工会")],
        target_groups=["高校工会干部"],
        leaders="市总工会党组成员、副主席；市教育工会相关负责人",
        participants=[ParticipantData(n, org=registered.get(n), attendees=k) for n, k in UNIVERSITIES],
        sessions=[
            SessionData("弘扬工匠精神专题讲座"),
            SessionData("参观北京集成电路产教联合体"),
            SessionData("参观集成电路产品测试中试生产基地"),
            SessionData("参观教育部生物医药中试生产性实训基地"),
            SessionData("参观智能网联汽车产业学院"),
            SessionData("参观艺术设计学院教育教学成果展"),
            SessionData("参观景泰蓝技能大师工作室"),
        ],
        summary="片组活动是促进工会工作交流的有效载体。各高校工会干部听取专题讲座并参观产教融合基地。",
    )
    if activity is not None:
        cadres = sum(k for _, k in UNIVERSITIES)
        services.reach_set(actor=SYSTEM, activity=activity, count=cadres, method="参加单位报送")
    return activity


def _training_001_3() -> Activity | None:
    shunyi = demo_org("顺义区总工会")
    start = min(reported(dt.date(2024, 6, 11)), upcoming(-1))  # both days are over, attendance taken
    activity = _record(
        shunyi,
        "training",
        "顺义区总工会基层工会干部培训班",
        start,
        ends_on=start + dt.timedelta(days=1),
        place_text="顺义区职工服务中心",
        target_groups=["基层工会干部", "区属国有企业工会干部"],
        registration=RegistrationMode.INVITATION,
        sessions=[SessionData(t, start + dt.timedelta(days=i // 2)) for i, t in enumerate(TOPICS_001_3)],
        summary="围绕国有企业实际情况及工作需要讲解四个专题，并对日常工作中遇到的问题进行答疑，结合实际案例深入剖析。",
    )
    if activity is None:
        return None
    rng = random.Random("001-3")
    units = list(
        Org.objects.subtree(shunyi).filter(level=Level.BASE).order_by("path").values_list("name", flat=True)
    ) or ["顺义区属国有企业工会"]
    sessions = list(activity.sessions.all())
    for i in range(TRAINEES_001_3):
        trainee = services.registration_add(
            actor=SYSTEM, activity=activity, guest_name=_name(rng), guest_unit=units[i % len(units)]
        )
        missed = rng.randrange(len(sessions)) if rng.random() < 0.15 else None  # a few missed one session
        for j, s in enumerate(sessions):
            if j != missed:
                services.attendance_mark(actor=SYSTEM, session=s, registration=trainee, present=True)
    return activity


def _exchange_002_4() -> Activity | None:
    return _record(
        demo_org("延庆区总工会"),
        "exchange",
        "延庆区总工会赴北京市劳动人民文化宫学习交流",
        last_year(dt.date(2024, 5, 16)),
        place_text="北京市劳动人民文化宫",
        participants=[ParticipantData("北京市劳动人民文化宫")],
        sessions=[SessionData("座谈会：文化阵地建设与重点品牌活动打造")],
        outcomes=["阵地共建", "活动共办", "人才共育"],
        summary=(
            "双方围绕文化阵地建设、重点品牌活动打造等工作进行探讨，重点交流如何精准结合全区职工需求、"
            "提高活动吸引力、破解阵地利用率不足等问题，明确建立三项工作措施。"
        ),
    )


LECTURE_002_2 = "“弘扬劳模精神，共筑时代梦想”劳模宣讲报告会暨深入贯彻中央八项规定精神警示教育活动"
# "6位劳模先进代表": the speakers are members of the industry union's base unions; the awards module's demo step
# enters them in the model-worker registry, so the six come out of the records (rule A6). The people are the demo's.
SPEAKERS_002_2 = (("首都医科大学附属北京朝阳医院工会", 4), ("首都图书馆工会", 2))


def _lecture_002_2() -> Activity | None:
    activity = _record(
        demo_org("北京市政法卫生文化工会"),
        "lecture",
        LECTURE_002_2,
        last_year(dt.date(2024, 5, 27)),
        place_text="北京市新河强制隔离戒毒所",
        sessions=[
            SessionData("参观北京市沐林教育矫治所、北京市未成年犯管教所（警示教育）"),
            SessionData("劳模先进代表宣讲"),
        ],
        summary=(
            "与会人员首先参观北京市沐林教育矫治所、北京市未成年犯管教所，沉浸式接受警示教育；随后劳模先进代表"
            "结合自身工作实际，分享在各自岗位上拼搏进取、勇于创新、甘于奉献的故事。"
        ),
    )
    if activity is None:
        return None
    rng = random.Random(2022)
    for union_name, count in SPEAKERS_002_2:
        union = demo_org(union_name)
        for m in _staff_of(union, count, rng):
            services.speaker_add(
                actor=SYSTEM,
                activity=activity,
                name="",
                person=m.person,
                note=union.name.removesuffix("工会"),
            )
    return activity


SHOWCASE_001_1 = "庆祝中国共产党成立103周年“五月的鲜花”歌咏比赛展示活动"
SHOWCASE_REACH_001_1 = 1000  # "各街道党员干部和职工代表，以及先进模范代表等1000余人参加活动"


def _showcase_001_1() -> Activity | None:
    """The showcase of 东城's song contest (001-1); the contest itself is the competitions module's record."""
    activity = _record(
        demo_org("东城区总工会"),
        "culture_sport",
        SHOWCASE_001_1,
        last_year(dt.date(2024, 6, 25)),
        target_groups=["党员干部", "职工代表", "先进模范代表"],
        leaders="东城区委书记；东城区人大常委会党组书记、主任；北京市总工会党组成员、副主席；东城区委副书记",
        outcomes=["集中展示“五月的鲜花”歌咏比赛成果"],
        summary=(
            "展演在舞蹈《辉煌新时代》中拉开序幕，区委办、区委研究室联队，区政府办、区政府研究室、区外联办联队等队伍"
            "依次登台，演唱《我和我的祖国》《永远是年轻》等经典曲目，活动在全体齐唱《没有共产党就没有新中国》中结束。"
        ),
    )
    if activity is not None:
        services.reach_set(
            actor=SYSTEM, activity=activity, count=SHOWCASE_REACH_001_1, method="主办方提供（1000余人）"
        )
    return activity


def _walk_upcoming() -> Activity | None:
    """An illustrative activity still open for registration (not from the reports): two weeks ahead, so that the
    workers of 朝阳 find something to register for on their phones."""
    return _record(
        demo_org("朝阳区总工会"),
        "culture_sport",
        "朝阳区职工健步走活动",
        upcoming(14),
        place_text="朝阳公园",
        target_groups=["全区职工", "新就业形态劳动者"],
        registration=RegistrationMode.OPEN,
        summary="全区职工和新就业形态劳动者均可报名参加，沿朝阳公园环湖步道健步走，完成者可领取纪念品。",
    )


def _staff_of(union: Org, count: int, rng: random.Random) -> list[Membership]:
    """Live members of the university union, topped up with new fictional staff when there are too few."""
    staff = _members_of(union, count)
    order = 1
    while len(staff) < count:
        birth = dt.date(1978 + rng.randrange(18), 1 + rng.randrange(12), 1 + rng.randrange(28))
        order = (order + 2) % 1000
        try:
            with transaction.atomic():
                m = membership_enrol(
                    actor=SYSTEM,
                    union=union,
                    person_data=PersonData(
                        full_name=_name(rng),
                        id_number=resident_id("110105", birth, order),
                        mobile=f"13{rng.randrange(5, 10)}{rng.randrange(10**8):08d}",
                    ),
                    reason="演示数据：教职工",
                )
        except DomainError:  # the generator drew someone already registered elsewhere: draw again
            continue
        staff.append(m)
    return staff


def _families_002_6() -> Activity | None:
    union = demo_org(BUU)
    activity = _record(
        union,
        "family",
        "北京联合大学第十一届教职工亲子主题活动",
        reported(dt.date(2024, 5, 30)),
        place_text="北京联合大学艺术学院（北京非物质文化遗产学院）",
        target_groups=["教职工家庭"],
        registration=RegistrationMode.OPEN,
        family=True,
        max_party_size=4,
        groups=[GroupData(name, capacity) for name, capacity in CRAFTS_002_6],
        summary="在端午节和“六一”儿童节来临之际，教职工家庭分组聆听非遗项目讲解，体验毛猴、缠花、仿点翠、掐丝彩砂画、盘扣的手工制作。",
    )
    if activity is None:
        return None
    rng = random.Random("002-6")
    groups = list(activity.groups.all())
    for i, m in enumerate(_staff_of(union, FAMILIES_002_6, rng)):
        children = 1 + (rng.random() < 0.25)
        registration = services.registration_add(
            actor=SYSTEM,
            activity=activity,
            person=m.person,
            group=groups[i % len(groups)],
            party_size=1 + children,
            family_note=f"孩子{children}名",
        )
        if rng.random() < 0.93 and registration.status == "registered":
            services.check_in_tick(actor=SYSTEM, registration=registration)
    return activity


def figures() -> dict:
    """The figures the reports quote, read back through the selectors (for the demo's test and summary)."""
    out: dict = {}
    joint = Activity.objects.filter(kind__code="joint_study", org__name=EDU).first()
    if joint is not None:
        out["001-2 participating unions"] = selectors.participants_of(joint).count()
    training = Activity.objects.filter(kind__code="training", org__name="顺义区总工会").first()
    if training is not None:
        table = selectors.training(training)
        out["001-3 trainees"] = len(table.rows)
        out["001-3 topics"] = [s.topic for s in table.sessions]
    family = Activity.objects.filter(kind__code="family", org__name=BUU).first()
    if family is not None:
        out["002-6 families by group"] = {g.name: g.registered for g in selectors.group_fill(family)}
    showcase = Activity.objects.filter(title=SHOWCASE_001_1).first()
    if showcase is not None:
        out["001-1 showcase reach"] = selectors.reach_of(showcase).count
    lecture = Activity.objects.filter(kind__code="lecture", title=LECTURE_002_2).first()
    if lecture is not None:
        out["002-2 speakers"] = lecture.speakers.count()
    exchange = Activity.objects.filter(kind__code="exchange", org__name="延庆区总工会").first()
    if exchange is not None:
        out["002-4 measures"] = exchange.outcomes
    return out


def load() -> str:
    """The module's demo step (core.modules): what `gonghui demo` prints for it."""
    made = load_activities()
    return f"工会活动 activities: {made} 新建 new" if made else "已有 present"
