"""Synthetic members for the demo: about twenty thousand people in the demo world's unions, with their history.

The services write one member at a time with an audit row each, far too slow for 20,000 people, so this module
writes people, memberships, timelines and transfers with bulk inserts (core.bulk), in one transaction, and keeps by
construction what the services keep by checking: one membership per person (M4), member numbers made as
`services._activate` makes them (district code + primary key), join date and number for every member, the
timeline of every membership in the union where each step happened, transfers that keep the number (M5),
valid resident ID numbers (I1), personal data stored encrypted with its lookup hash (I3). One audit row records
the load. Generation is seeded: the same count on the same day gives the same people.
"""

import bisect
import datetime as dt
import itertools
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cache

from django.db import models, transaction
from django.db.models import Value
from django.db.models.functions import Cast, Concat, LPad, Substr
from django.utils import timezone
from stdnum import numdb
from stdnum.cn import ric

from gonghui.core.audit import audit_record
from gonghui.core.bulk import bulk_insert
from gonghui.core.paths import ancestor_paths
from gonghui.core.scope import SYSTEM
from gonghui.members.identity import DocType
from gonghui.members.models import (
    Channel,
    Education,
    EmploymentStatus,
    EventKind,
    Gender,
    LeaveReason,
    Membership,
    MembershipEvent,
    MembershipStatus,
    Person,
    PriorityGroup,
    SkillLevel,
    Transfer,
    TransferStatus,
    lapse_cutoff,
    lapsed_q,
)
from gonghui.orgs.models import Employer, Level, Org, Status

from .audit import DemoAudit
from .world import DISTRICTS

DEFAULT_COUNT = 20_000
BATCH = 2_000
YEARS = 5  # joins spread over this many years before today

Progress = Callable[[int, int], object]

# ---- the shape of the membership ---------------------------------------------------------------------------

# What happened to each membership, per 200 people: dealt from a shuffled deck, so that every 200 people hold
# these exactly and even a small demo has every status. "lapsed" is active with dues stopped over six months
# ago, so it reads as left (M7); "transferred" is active again, in the union it moved to (M5).
FATES: dict[str, int] = {
    "active": 174,
    "lapsed": 2,
    "retained": 8,
    "left": 10,
    "pending": 2,
    "in_transfer": 1,
    "transferred": 3,
}
NEW_FORM_SHARE = 0.25  # 新就业形态劳动者 among the demo's members
NO_DUES_SHARE = 0.05  # of the active: no dues record at all
MODEL_WORKER_SHARE = 0.005  # of employees aged 35 or more in base unions: about 0.3% overall

# S4: how members joined. Staff of a base union are entered by its staff or come in its roster; workers of
# firms without a union and new-employment-form workers mostly scan a code or join at an outreach event.
CHANNELS: dict[str, list[tuple[str, float]]] = {
    "base": [(Channel.STAFF, 55), (Channel.ROSTER, 42), (Channel.SCAN, 3)],
    "area": [(Channel.STAFF, 45), (Channel.OUTREACH, 35), (Channel.SCAN, 20)],
    "new_form": [(Channel.SCAN, 62), (Channel.OUTREACH, 30), (Channel.STAFF, 8)],
    "application": [(Channel.SCAN, 80), (Channel.OUTREACH, 20)],  # waiting for approval (M2)
}
LEAVE_REASONS: list[tuple[str, str]] = [
    (LeaveReason.VOLUNTARY, "本人申请退会"),
    (LeaveReason.VOLUNTARY, "离京返乡，本人申请退会"),
    (LeaveReason.VOLUNTARY, "本人申请退会"),
    (LeaveReason.OTHER, "出国定居"),
    (LeaveReason.OTHER, "用人单位注销，未再就业"),
]
TRANSFER_REASONS = ("调换工作单位", "工作调动", "随单位迁址", "更换工作站点")


@dataclass(frozen=True)
class Sector:
    """What kind of work a union's members do: who they are likely to be (shares are of its members)."""

    key: str
    keywords: tuple[str, ...]
    women: float
    migrant: float
    education: str  # a key of EDUCATION
    skilled: bool  # S2 skill levels are recorded for this kind of work
    age: int  # mean age
    hardship: float


SECTORS: list[Sector] = [
    # checked in order: the first sector with a keyword in the employer's (or union's) name wins
    Sector("sanitation", ("环卫", "环境卫生", "环境工程"), 0.45, 0.65, "low", True, 46, 0.045),
    Sector("care", ("医院", "社会工作"), 0.78, 0.05, "academic", False, 38, 0.01),
    Sector("education", ("大学", "学院"), 0.6, 0.0, "academic", False, 42, 0.005),
    Sector("culture", ("图书馆", "传媒"), 0.6, 0.02, "office", False, 37, 0.01),
    Sector("transport", ("公交",), 0.32, 0.05, "mid", True, 43, 0.015),
    Sector("utilities", ("排水",), 0.32, 0.05, "mid", True, 42, 0.01),
    Sector("construction", ("建筑", "中铁"), 0.12, 0.75, "low", True, 42, 0.035),
    Sector("manufacturing", ("食品", "印刷", "金隅"), 0.42, 0.25, "mid", True, 41, 0.02),
    Sector("logistics", ("物流", "供应链", "配送", "快递"), 0.28, 0.5, "mid", True, 35, 0.025),
    Sector("property", ("物业",), 0.52, 0.55, "low", False, 45, 0.03),
    Sector("security", ("保安",), 0.08, 0.55, "low", False, 40, 0.025),
    Sector("domestic", ("家政",), 0.9, 0.6, "low", False, 46, 0.03),
    Sector("catering", ("餐饮", "酒店"), 0.6, 0.4, "mid", False, 34, 0.02),
    Sector("retail", ("超市", "商贸", "医药"), 0.66, 0.2, "mid", False, 36, 0.015),
    Sector("repair", ("维修",), 0.12, 0.35, "mid", True, 38, 0.015),
    Sector("tech", ("科技", "信息"), 0.42, 0.02, "office", False, 32, 0.003),
    Sector("business", ("咨询", "人力"), 0.6, 0.05, "office", False, 35, 0.008),
]
GENERAL = Sector("general", (), 0.5, 0.1, "mid", False, 40, 0.015)
LOGISTICS = {"logistics"}
PLATFORM_GROUPS = {PriorityGroup.RIDER, PriorityGroup.COURIER, PriorityGroup.TRUCK_DRIVER}


@dataclass(frozen=True)
class Group:
    """A new-employment-form group (M10's 八大群体 and the rest), with where it joins (M3) and who is in it."""

    priority_group: str
    share: float  # of the new-form members
    women: float
    migrant: float
    age: int
    education: str
    hub: float  # weights of: the 新就业形态 joint unions, joint unions covering logistics firms, street federations
    joint: float
    street: float
    employer_name: str  # when no employer of the demo world is theirs


GROUPS: list[Group] = [
    Group(PriorityGroup.RIDER, 0.42, 0.1, 0.55, 30, "mid", 25, 25, 50, "网约配送平台（众包骑手）"),
    Group(PriorityGroup.COURIER, 0.25, 0.15, 0.55, 33, "mid", 15, 30, 55, "快递网点（加盟）"),
    Group(PriorityGroup.OTHER, 0.11, 0.06, 0.35, 40, "mid", 10, 0, 90, "网约车平台（网约车司机）"),
    Group(PriorityGroup.TRUCK_DRIVER, 0.08, 0.03, 0.6, 42, "low", 10, 10, 80, "个体道路货运"),
    Group(PriorityGroup.DOMESTIC, 0.04, 0.92, 0.65, 46, "low", 0, 30, 70, "家政服务平台"),
    Group(PriorityGroup.CARER, 0.03, 0.8, 0.6, 48, "low", 0, 30, 70, "医疗护工服务"),
    Group(PriorityGroup.SECURITY, 0.03, 0.06, 0.55, 42, "low", 0, 30, 70, "保安服务派遣"),
    Group(PriorityGroup.ESTATE_AGENT, 0.02, 0.4, 0.2, 30, "mid", 0, 30, 70, "房产经纪门店"),
    Group(PriorityGroup.MALL_STAFF, 0.02, 0.65, 0.2, 28, "mid", 0, 30, 70, "商场信息服务"),
]

EDUCATION: dict[str, list[tuple[str, int]]] = {
    "low": [
        (Education.PRIMARY, 15),
        (Education.JUNIOR, 50),
        (Education.SENIOR, 27),
        (Education.COLLEGE, 7),
        (Education.BACHELOR, 1),
    ],
    "mid": [
        (Education.PRIMARY, 3),
        (Education.JUNIOR, 30),
        (Education.SENIOR, 42),
        (Education.COLLEGE, 18),
        (Education.BACHELOR, 7),
    ],
    "office": [
        (Education.SENIOR, 8),
        (Education.COLLEGE, 25),
        (Education.BACHELOR, 55),
        (Education.GRADUATE, 12),
    ],
    "academic": [
        (Education.SENIOR, 3),
        (Education.COLLEGE, 15),
        (Education.BACHELOR, 45),
        (Education.GRADUATE, 37),
    ],
}
SKILLS: list[tuple[str, float]] = [  # S2, lowest to highest
    (SkillLevel.APPRENTICE, 6),
    (SkillLevel.JUNIOR, 26),
    (SkillLevel.INTERMEDIATE, 32),
    (SkillLevel.SENIOR, 22),
    (SkillLevel.TECHNICIAN, 9),
    (SkillLevel.SENIOR_TECHNICIAN, 4),
    (SkillLevel.SPECIAL, 0.7),
    (SkillLevel.CHIEF, 0.3),
]
ETHNICITIES: list[tuple[str, float]] = [
    ("汉族", 91.5),
    ("满族", 3),
    ("回族", 2.5),
    ("蒙古族", 1),
    ("朝鲜族", 0.5),
    ("土家族", 0.5),
    ("壮族", 0.4),
    ("苗族", 0.3),
    ("维吾尔族", 0.2),
    ("藏族", 0.1),
]

# ---- names, ID numbers, mobiles -------------------------------------------------------------------------------

# Common surnames, most frequent first, with rough shares (per thousand).
SURNAMES: list[tuple[str, float]] = [
    *((s, 70) for s in "王李张"),
    *((s, 50) for s in "刘陈"),
    *((s, 25) for s in "杨黄赵吴周"),
    *((s, 13) for s in "徐孙马朱胡郭何高林"),
    *((s, 7) for s in "罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程"),
    *((s, 3.5) for s in "苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹"),
    *((s, 2) for s in "薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严武戴孔汤"),
    ("欧阳", 0.5),
    ("司马", 0.1),
]


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


# Given names by gender and by generation (born before 1980 / since).
GIVEN_NAMES: dict[tuple[str, bool], tuple[str, ...]] = {
    (Gender.MALE, False): _words(
        "建国 建军 建华 国强 国庆 志强 志刚 志明 卫东 卫国 红军 海涛 永刚 立新 振华 德明 文斌 晓东 伟 勇 军 刚 强 "
        "平 斌 辉 明 峰 东 林 健 波 涛 亮 长江 春生 宝山 金生 学军 庆丰"
    ),
    (Gender.MALE, True): _words(
        "浩然 子轩 宇航 俊杰 梓豪 一鸣 天宇 博文 思远 嘉伟 家豪 明轩 鹏飞 晨阳 泽宇 皓轩 文博 昊天 志远 宇 航 磊 "
        "鑫 超 鹏 帅 凯 浩 阳 杰 森 旭 昊 睿 哲 龙 飞 子豪 浩宇"
    ),
    (Gender.FEMALE, False): _words(
        "秀英 桂英 秀兰 玉兰 桂兰 淑珍 淑芬 凤英 玉梅 红梅 丽华 春梅 秀珍 桂芳 海燕 雪梅 丽娟 美玲 建英 玉珍 丽 "
        "静 敏 燕 艳 红 霞 芳 娟 萍 琴 华 英 兰 梅"
    ),
    (Gender.FEMALE, True): _words(
        "欣怡 梓涵 雨桐 思琪 诗涵 佳怡 一诺 语嫣 梦瑶 婉婷 晓雯 雪 婷 颖 琳 倩 璐 瑶 莹 悦 丹 晶 佳 蕾 洁 露 "
        "晨曦 静怡 子涵 雅琪 晓彤 欣然 嘉怡 心怡 梦琪 诗雨"
    ),
}

# Region codes (first six digits) of resident ID numbers. stdnum checks that the county existed in the birth
# year, so each person gets a code valid then: a Beijing district's code, its county code before it became a
# district, or a central district's code for those born before the counties had codes (1982).
BEIJING_CORE = ("110101", "110102", "110105", "110106", "110108")
BEIJING_FORMER: dict[str, tuple[str, ...]] = {
    "110111": ("110225",),  # 房山县
    "110112": ("110223",),  # 通县
    "110113": ("110222",),  # 顺义县
    "110114": ("110221",),  # 昌平县
    "110115": ("110224",),  # 大兴县
    "110116": ("110227",),  # 怀柔县
    "110117": ("110226",),  # 平谷县
    "110118": ("110228",),  # 密云县
    "110119": ("110229",),  # 延庆县
}
# Where migrant workers (and Beijing's other newcomers) come from: city districts and counties of the provinces
# that send the most workers to Beijing, old and new codes so that every birth year has a valid one.
ELSEWHERE: list[tuple[str, float, tuple[str, ...]]] = [
    ("河南", 24, ("410102", "410105", "411302", "412701", "412221", "410121")),
    ("河北", 22, ("130102", "130104", "132121", "132122")),
    ("山东", 12, ("370102", "370105", "370122", "370123")),
    ("安徽", 12, ("340102", "340121", "340421", "342122")),
    ("四川", 10, ("510104", "510107", "510121", "510321")),
    ("湖北", 6, ("420102", "422823")),
    ("黑龙江", 5, ("230102", "232721")),
    ("甘肃", 4, ("620102", "620121")),
    ("江西", 5, ("360102", "360121")),
]
BEIJING_SHARE_OF_NON_MIGRANTS = 0.7
MOBILE_PREFIXES = _words(
    "130 131 132 133 134 135 136 137 138 139 150 151 152 153 155 156 157 158 159 166 "
    "176 177 178 180 181 182 183 185 186 187 188 189 191 195 198 199"
)
DISTRICT_NAMES = {code: name for name, code in DISTRICTS}


@cache
def _years_valid(code: str) -> tuple[tuple[int, int], ...]:
    """The birth years for which stdnum's `cn.ric` accepts this region code: the years its county existed."""
    info = {k: v for _part, props in numdb.get("cn/loc").info(code) for k, v in props.items()}
    spans = []
    for county in info.get("county", "").split(","):
        if not county.startswith("["):
            return ((0, 9999),) if county else ()
        start, _, end = county[1:].partition("]")[0].partition("-")
        spans.append((int(start or 0), int(end or 9999)))
    return tuple(spans)


@cache
def _valid_regions(codes: tuple[str, ...], year: int) -> tuple[str, ...]:
    """Those of the codes that stdnum accepts for someone born in `year`."""
    return tuple(c for c in codes if any(start <= year <= end for start, end in _years_valid(c)))


def resident_id(region: str, birth: dt.date, order: int) -> str:
    """A resident ID number (I1): region, birth date, a 3-digit order code (odd = male), check digit."""
    body = f"{region}{birth:%Y%m%d}{order:03d}"
    return body + ric.calc_check_digit(body + "0")  # it takes a full number, check digit included


# ---- the unions of the demo world ------------------------------------------------------------------------------


class Picker[T]:
    """A weighted choice, set up once and drawn from many times."""

    def __init__(self, items: Sequence[tuple[T, float]]):
        kept = [(item, weight) for item, weight in items if weight > 0]
        self.items = [item for item, _w in kept]
        self.cumulative = list(itertools.accumulate(weight for _i, weight in kept))

    def __bool__(self) -> bool:
        return bool(self.items)

    def pick(self, rng: random.Random) -> T:
        return self.items[bisect.bisect(self.cumulative, rng.random() * self.cumulative[-1])]


@dataclass(frozen=True)
class Slot:
    """Where a member works and holds their membership: a union, the employer if the demo world has it."""

    union: Org
    employer: Employer | None
    sector: Sector


def sector_of(name: str) -> Sector:
    return next((s for s in SECTORS if any(k in name for k in s.keywords)), GENERAL)


@dataclass
class Unions:
    """The demo world's member-holding unions (M2, M3), grouped by who joins them."""

    employees: Picker[Slot]  # base unions; employers covered by joint unions; employers without a union (M3)
    base: Picker[Slot]  # retirees keep membership at their old unit (M6)
    new_form: dict[str, Picker[Slot]]  # by priority group
    prefixes: dict[int, str]  # member-number prefix of each union
    root: Org | None

    @classmethod
    def load(cls) -> "Unions":
        orgs = list(Org.objects.all())
        by_path = {o.path: o for o in orgs}
        unions = [o for o in orgs if o.holds_members and o.status == Status.ACTIVE]
        union_ids = {u.pk for u in unions}
        covered: dict[int, list[Employer]] = {}
        uncovered: dict[int, list[Employer]] = {}
        for e in Employer.objects.order_by("pk"):
            if e.union_id in union_ids:
                covered.setdefault(e.union_id, []).append(e)
            elif e.union_id is None:
                uncovered.setdefault(e.org_id, []).append(e)

        base: list[tuple[Slot, float]] = []
        joint_staff: list[tuple[Slot, float]] = []
        street_staff: list[tuple[Slot, float]] = []
        hubs: list[Slot] = []
        logistics_joint: list[Slot] = []
        streets: list[Slot] = []
        joint_any: list[Slot] = []
        for u in sorted(unions, key=lambda o: o.path):
            employers = covered.get(u.pk, [])
            if u.level == Level.BASE:
                own = employers[0] if employers else None
                headcount = sum(e.headcount for e in employers) or 100
                base.append((Slot(u, own, sector_of(own.name if own else u.name)), headcount**0.7))
            elif u.level == Level.JOINT:
                if "新就业形态" in u.name or "新业态" in u.name:
                    hubs.append(Slot(u, None, GENERAL))
                joint_any.append(Slot(u, None, GENERAL))
                for e in employers:
                    slot = Slot(u, e, sector_of(e.name))
                    joint_staff.append((slot, e.headcount))
                    if slot.sector.key in LOGISTICS:
                        logistics_joint.append(slot)
            else:
                streets.append(Slot(u, None, GENERAL))
                for e in uncovered.get(u.pk, []):
                    street_staff.append((Slot(u, e, sector_of(e.name)), e.headcount * 0.06))

        # riders and couriers at a street federation often work for one of its firms without a union (M3)
        street_logistics = [x for x, _w in street_staff if x.sector.key in LOGISTICS]
        new_form: dict[str, Picker[Slot]] = {}
        for g in GROUPS:
            platform = g.priority_group in PLATFORM_GROUPS
            pools = [
                (hubs, g.hub),
                (logistics_joint if platform else joint_any, g.joint),
                (streets, g.street * (0.7 if platform and street_logistics else 1)),
                (street_logistics if platform else [], g.street * 0.3),
            ]
            choices = [(slot, weight / len(pool)) for pool, weight in pools if pool for slot in pool]
            new_form[g.priority_group] = Picker(choices) or Picker([(s, 1) for s, _w in base])

        employees = Picker(base + joint_staff + street_staff)
        if not employees:
            raise ValueError("演示组织尚未加载，无法生成会员 (load the demo world first)")

        def prefix(org: Org) -> str:
            for path in reversed(ancestor_paths(org.path)):
                node = by_path.get(path)
                if node is not None and node.district_code:
                    return node.district_code
            return "110000"

        root = next((o for o in orgs if o.parent_id is None), None)
        return cls(
            employees=employees,
            base=Picker(base) or employees,
            new_form=new_form,
            prefixes={u.pk: prefix(u) for u in unions},
            root=root,
        )


# ---- one person and their membership ---------------------------------------------------------------------------


@dataclass
class Plan:
    """One person, their membership and what happened to it, before any of it is saved."""

    person: Person
    membership: Membership
    number_prefix: str  # of the union that issued the number; empty while pending
    events: list[MembershipEvent] = field(default_factory=list)
    transfer: Transfer | None = None
    transfer_started: dt.date | None = None


def _morning(day: dt.date) -> dt.datetime:
    """Ten in the morning of that day, for the timestamps of things recorded on a date."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time(10, 0)))


def _month_end(day: dt.date) -> dt.date:
    first_next = (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return first_next - dt.timedelta(days=1)


def _years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def _age(birth: dt.date, on: dt.date) -> int:
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


class Generator:
    """Draws people and what happened to their memberships, one at a time, from one seeded random source."""

    def __init__(
        self,
        rng: random.Random,
        today: dt.date,
        unions: Unions,
        *,
        taken_ids: set[str],
        taken_mobiles: set[str],
    ):
        self.rng = rng
        self.today = today
        self.unions = unions
        self.start = _years_before(today, YEARS)
        self.cutoff = lapse_cutoff(today)
        self.taken_ids = taken_ids  # lookup hashes of the documents and mobiles already registered
        self.taken_mobiles = taken_mobiles
        self.deck: list[str] = []
        self.groups = Picker([(g, g.share) for g in GROUPS])
        self.surnames = Picker(SURNAMES)
        self.ethnicities = Picker(ETHNICITIES)
        self.education = {band: Picker(weights) for band, weights in EDUCATION.items()}
        self.channels = {how: Picker(weights) for how, weights in CHANNELS.items()}
        self.skills = Picker([(rank, weight) for rank, (_level, weight) in enumerate(SKILLS)])
        self.elsewhere = Picker([(codes, w) for _province, w, codes in ELSEWHERE])

    # -- small draws --

    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    def day(self, first: dt.date, last: dt.date) -> dt.date:
        if last <= first:
            return first
        return dt.date.fromordinal(self.rng.randint(first.toordinal(), last.toordinal()))

    def age(self, mean: int) -> int:
        while True:
            age = round(self.rng.gauss(mean, 9))
            if 20 <= age <= 60:
                return age

    def birth(self, age: int, on: dt.date) -> dt.date:
        """A birth date giving exactly this age on that day."""
        latest = _years_before(on, age)
        return self.day(_years_before(latest, 1) + dt.timedelta(days=1), latest)

    def region(self, district: str, year: int, *, local: bool) -> str:
        codes = (district, *BEIJING_FORMER.get(district, ())) if local else self.elsewhere.pick(self.rng)
        return self.rng.choice(_valid_regions(codes, year) or _valid_regions(BEIJING_CORE, year))

    def name(self, gender: str, birth: dt.date) -> str:
        return self.surnames.pick(self.rng) + self.rng.choice(GIVEN_NAMES[gender, birth.year >= 1980])

    def document(self, person: Person, district: str, migrant: bool) -> None:
        assert person.birth_date is not None
        local = not migrant and self.chance(BEIJING_SHARE_OF_NON_MIGRANTS)
        while True:
            region = self.region(district, person.birth_date.year, local=local)
            order = self.rng.randint(0, 499) * 2 + (1 if person.gender == Gender.MALE else 0)
            person.set_document(DocType.RIC, resident_id(region, person.birth_date, order))
            if person.id_hash not in self.taken_ids:
                self.taken_ids.add(person.id_hash)
                return

    def mobile(self, person: Person) -> None:
        while True:
            person.set_mobile(self.rng.choice(MOBILE_PREFIXES) + f"{self.rng.randrange(10**8):08d}")
            if person.mobile_hash not in self.taken_mobiles:
                self.taken_mobiles.add(person.mobile_hash)
                return

    # -- one person --

    def plan(self) -> Plan:
        rng = self.rng
        if not self.deck:
            self.deck = [fate for fate, n in FATES.items() for _ in range(n)]
            rng.shuffle(self.deck)
        fate = self.deck.pop()
        group = None if fate == "retained" or not self.chance(NEW_FORM_SHARE) else self.groups.pick(rng)
        if group is not None:
            slot = self.unions.new_form[group.priority_group].pick(rng)
            women, migrant_share, mean_age, band = group.women, group.migrant, group.age, group.education
        else:
            slot = (self.unions.base if fate == "retained" else self.unions.employees).pick(rng)
            s = slot.sector
            women, migrant_share, mean_age, band = s.women, s.migrant, s.age, s.education

        gender = Gender.FEMALE if self.chance(women) else Gender.MALE
        migrant = self.chance(migrant_share)
        joined = self.join_date(fate, new_form=group is not None)
        retired_on = None
        if fate == "retained":  # M6: at the statutory age, keeping the membership at the old unit
            retired_on = self.day(joined + dt.timedelta(days=60), self.today - dt.timedelta(days=7))
            birth = self.birth((60 if gender == Gender.MALE else 55) + rng.choice((0, 0, 1)), retired_on)
        else:
            birth = self.birth(self.age(mean_age), self.today)
        age = _age(birth, self.today)

        skilled = group is None and slot.sector.skilled and self.chance(0.85)
        model_worker = (
            group is None and slot.union.level == Level.BASE and age >= 35 and self.chance(MODEL_WORKER_SHARE)
        )
        skill = ""
        if skilled or model_worker:
            rank = self.skills.pick(rng)
            if model_worker:
                rank = max(rank, 4 + rng.randint(0, 2))
            elif age < 25:
                rank = min(rank, 2)
            skill = SKILLS[rank][0]
        district = self.unions.prefixes[slot.union.pk]
        person = Person(
            full_name=self.name(gender, birth),
            gender=gender,
            birth_date=birth,
            ethnicity=self.ethnicities.pick(rng),
            education=self.education[band].pick(rng),
            residence=f"北京市{DISTRICT_NAMES.get(district, '')}",
            employment_status=self.employment(fate, group),
            skill_level=skill,
            is_migrant=migrant,
            is_new_form=group is not None,
            priority_group=group.priority_group if group else "",
            is_hardship=self.chance(0.035 if group else slot.sector.hardship),
            is_model_worker=model_worker,
        )
        self.document(person, district, migrant)
        self.mobile(person)
        return self.membership(person, fate, group, slot, joined, retired_on)

    def employment(self, fate: str, group: Group | None) -> str:
        if fate == "retained":
            return EmploymentStatus.RETIRED
        if fate == "left" and self.chance(0.2):
            return EmploymentStatus.UNEMPLOYED
        if group is not None and self.chance(0.75):
            return EmploymentStatus.FLEXIBLE
        return EmploymentStatus.EMPLOYED

    def join_date(self, fate: str, *, new_form: bool) -> dt.date:
        """The join date, or the application date if pending: early enough for what happened since."""
        today, start = self.today, self.start
        if fate == "pending":
            return self.day(today - dt.timedelta(days=45), today)
        latest = today - dt.timedelta(
            days={"retained": 90, "left": 60, "in_transfer": 60, "transferred": 120}.get(fate, 7)
        )
        if fate == "lapsed":
            latest = self.cutoff - dt.timedelta(days=60)
        joined = self.day(start, latest)
        if new_form:  # organising new-employment-form workers took off in recent years
            joined = max(joined, self.day(start, latest))
        return joined

    def membership(
        self,
        person: Person,
        fate: str,
        group: Group | None,
        slot: Slot,
        joined: dt.date,
        retired_on: dt.date | None,
    ) -> Plan:
        rng, today = self.rng, self.today
        if fate == "pending":
            how = "application"
        elif group is not None:
            how = "new_form"
        else:
            how = "base" if slot.union.level == Level.BASE else "area"
        channel = self.channels[how].pick(rng)
        applies = channel in (Channel.SCAN, Channel.OUTREACH)
        applied_on = (
            joined - dt.timedelta(days=rng.randint(0, 5)) if applies and fate != "pending" else joined
        )
        m = Membership(
            org_id=slot.union.pk,  # keys, not objects: cheaper for 20,000 rows
            org_path=slot.union.path,
            employer_id=slot.employer.pk if slot.employer else None,
            employer_name=slot.employer.name if slot.employer else (group.employer_name if group else ""),
            channel=channel,
            applied_on=applied_on,
        )
        plan = Plan(person, m, "" if fate == "pending" else self.unions.prefixes[slot.union.pk])
        if fate == "pending":
            m.status = MembershipStatus.PENDING
            self.event(plan, EventKind.APPLIED, slot.union, applied_on, "", MembershipStatus.PENDING)
            return plan

        m.join_date = joined
        m.status = MembershipStatus.ACTIVE
        if applies:
            self.event(plan, EventKind.APPLIED, slot.union, applied_on, "", MembershipStatus.PENDING)
            self.event(plan, EventKind.APPROVED, slot.union, joined, MembershipStatus.PENDING, m.status)
        else:
            self.event(plan, EventKind.ENROLLED, slot.union, joined, "", m.status)
        m.dues_paid_until = self.dues(joined)

        if fate == "left":
            m.ended_on = self.day(joined + dt.timedelta(days=30), today - dt.timedelta(days=1))
            m.leave_reason, reason = rng.choice(LEAVE_REASONS)
            m.dues_paid_until = _month_end(m.ended_on - dt.timedelta(days=20)) if self.chance(0.8) else None
            m.status = MembershipStatus.LEFT
            self.event(
                plan, EventKind.LEFT, slot.union, m.ended_on, MembershipStatus.ACTIVE, m.status, reason
            )
            plan.events[-1].leave_reason = m.leave_reason
        elif fate == "retained":
            assert retired_on is not None
            m.dues_paid_until = _month_end(retired_on - dt.timedelta(days=20)) if self.chance(0.7) else None
            m.status = MembershipStatus.RETAINED
            self.event(
                plan,
                EventKind.RETAINED,
                slot.union,
                retired_on,
                MembershipStatus.ACTIVE,
                m.status,
                "退休，保留会籍",
            )
        elif fate in ("in_transfer", "transferred"):
            self.move(plan, slot, group, accepted=fate == "transferred")
        elif fate == "lapsed":
            m.dues_paid_until = _month_end(self.day(joined, self.cutoff - dt.timedelta(days=40)))
        elif self.chance(NO_DUES_SHARE):
            m.dues_paid_until = None
        return plan

    def dues(self, joined: dt.date) -> dt.date:
        """Paid up to the end of a month in the last two (M8)."""
        return _month_end(max(joined, self.day(self.today - dt.timedelta(days=55), self.today)))

    def move(self, plan: Plan, slot: Slot, group: Group | None, *, accepted: bool) -> None:
        """M5: the old union records the transfer-out; the new union has accepted it, or has yet to. The join
        date and the member number (issued by the old union) are kept."""
        rng, today, m = self.rng, self.today, plan.membership
        pool = self.unions.new_form[group.priority_group] if group else self.unions.employees
        target = next((t for t in (pool.pick(rng) for _ in range(20)) if t.union.pk != slot.union.pk), None)
        if target is None:  # a world with a single union: nowhere to go
            return
        assert m.join_date is not None
        if accepted:
            started = self.day(m.join_date + dt.timedelta(days=60), today - dt.timedelta(days=35))
            decided: dt.date | None = self.day(
                started + dt.timedelta(days=1), started + dt.timedelta(days=20)
            )
        else:
            started, decided = self.day(max(m.join_date, today - dt.timedelta(days=30)), today), None
        reason = rng.choice(TRANSFER_REASONS)
        plan.transfer = Transfer(
            from_org_id=slot.union.pk,
            from_path=slot.union.path,
            to_org_id=target.union.pk,
            to_path=target.union.path,
            to_employer_id=target.employer.pk if target.employer else None,
            status=TransferStatus.ACCEPTED if decided else TransferStatus.PENDING,
            reason=reason,
            decided_at=_morning(decided) if decided else None,
        )
        plan.transfer_started = started
        active, moving = MembershipStatus.ACTIVE, MembershipStatus.IN_TRANSFER
        self.event(
            plan, EventKind.TRANSFER_STARTED, slot.union, started, active, moving, reason, target.union
        )
        if decided is None:
            m.status = moving
            return
        m.org_id, m.org_path = target.union.pk, target.union.path
        m.employer_id = target.employer.pk if target.employer else None
        if target.employer is not None or group is None:
            m.employer_name = target.employer.name if target.employer else ""
        self.event(plan, EventKind.TRANSFER_ACCEPTED, target.union, decided, moving, active, "", slot.union)

    @staticmethod
    def event(
        plan: Plan,
        kind: str,
        org: Org,
        on_date: dt.date,
        from_status: str,
        to_status: str,
        reason: str = "",
        other: Org | None = None,
    ) -> None:
        plan.events.append(
            MembershipEvent(
                org_id=org.pk,
                org_path=org.path,
                kind=kind,
                on_date=on_date,
                from_status=from_status,
                to_status=to_status,
                other_org_id=other.pk if other else None,
                reason=reason,
            )
        )


# ---- writing -----------------------------------------------------------------------------------------------------


def _write(plans: list[Plan], first_index: int) -> None:
    """Save a batch: people, then memberships (their numbers need their keys), timelines and transfers."""
    bulk_insert([p.person for p in plans])
    memberships = []
    for i, p in enumerate(plans, start=first_index):
        m = p.membership
        m.person_id = p.person.pk
        if p.number_prefix:
            # a unique stand-in holding the prefix: the check constraint wants a number before the key exists
            m.number = f"~{p.number_prefix}{i}"
        memberships.append(m)
    bulk_insert(memberships)
    # Now that the keys exist: the number is the issuing union's district code and the membership's key, as
    # services._activate makes it. One statement for the batch instead of one per member.
    Membership.objects.filter(number__startswith="~").update(
        number=Concat(Substr("number", 2, 6), LPad(Cast("pk", models.CharField()), 10, Value("0")))
    )

    events = []
    transfers = []
    for p in plans:
        for e in p.events:
            e.membership_id = p.membership.pk
            events.append(e)
        if p.transfer is not None:
            p.transfer.membership_id = p.membership.pk
            transfers.append(p.transfer)
    bulk_insert(events)
    bulk_insert(transfers)
    # created_at is set to "now" on insert; a transfer started years ago should say so in the lists
    for p in plans:
        if p.transfer is not None and p.transfer_started is not None:
            p.transfer.created_at = _morning(p.transfer_started)
    Transfer.objects.bulk_update(transfers, ["created_at"])


def load_members(count: int, *, seed: int = 2026, progress: Progress | None = None) -> int:
    """Add synthetic people and memberships until the register holds `count` people. Returns how many were added.

    Running it again adds nothing; asking for more adds only the difference, with other people (the seed is
    offset by the people already there, and document numbers already registered are never drawn again).
    """
    existing = Person.objects.count()
    todo = count - existing
    if todo <= 0:
        return 0
    unions = Unions.load()
    gen = Generator(
        random.Random(seed + existing),
        timezone.localdate(),
        unions,
        taken_ids=set(Person.objects.values_list("id_hash", flat=True)),
        taken_mobiles=set(Person.objects.exclude(mobile_hash="").values_list("mobile_hash", flat=True)),
    )
    with transaction.atomic():
        done = 0
        while done < todo:
            plans = [gen.plan() for _ in range(min(BATCH, todo - done))]
            _write(plans, existing + done)
            done += len(plans)
            if progress is not None:
                progress(done, todo)
        audit_record(
            actor=SYSTEM,
            action=DemoAudit.MEMBERS_LOAD,
            org=unions.root,
            target_label="演示会员",
            after={"people": todo, "seed": seed},
            reason="演示数据",
        )
    return todo


def member_counts() -> dict[str, int]:
    """People in the register, memberships by status, and the active ones that read as lapsed (M7)."""
    by_status = dict(Membership.objects.values_list("status").annotate(n=models.Count("id")).order_by())
    return {
        "people": Person.objects.count(),
        **{s: by_status.get(s, 0) for s in MembershipStatus.values},
        "lapsed": Membership.objects.filter(lapsed_q(timezone.localdate())).count(),
    }
