"""The demo world as data: the organisations of the Beijing reports (SCENARIOS.md) and a generated hinterland.

Everything here is plain data; `loader.py` writes it through the services. Real organisation names come from the
newspaper reports in the project's seeds; the employers generated around them, their USCCs, headcounts, addresses
and every person named here are fictional. Generation is seeded, so every run builds the same world.
"""

import datetime as dt
import functools
import random
from dataclasses import dataclass, field

from stdnum.cn import uscc as stdnum_uscc

from gonghui.orgs.models import Industry, Level, Ownership, PlaceKind

SEED = "gonghui-demo-2024"
CITY = "北京市总工会"
ZONE = "北京经济技术开发区总工会"
ZONE_ADDRESS = "北京市北京经济技术开发区"


@dataclass(frozen=True)
class OrgSpec:
    """A node. `name` is unique in the demo world, so children name their parent by it."""

    name: str
    level: str
    parent: str | None
    short_name: str = ""
    district_code: str = ""
    industry: str = ""
    uscc: str = ""
    committee_chair: str = ""
    established_on: dt.date | None = None
    term_start: dt.date | None = None
    term_years: int | None = None

    def fields(self) -> dict:
        """The keyword arguments of `orgs.services.org_create` besides parent, name and level."""
        values = {
            "short_name": self.short_name,
            "district_code": self.district_code,
            "industry": self.industry,
            "uscc": self.uscc,
            "committee_chair": self.committee_chair,
            "established_on": self.established_on,
            "term_start": self.term_start,
            "term_years": self.term_years,
        }
        return {k: v for k, v in values.items() if v not in ("", None)}


@dataclass(frozen=True)
class EmployerSpec:
    """An employer recorded under `org` (the federation of its location); `union` is its own base union or the
    joint union covering it, None for an organising target (未建会)."""

    name: str
    uscc: str
    org: str
    union: str | None
    industry: str
    ownership: str
    headcount: int
    address: str
    district_code: str


@dataclass(frozen=True)
class PlaceSpec:
    name: str
    kind: str
    org: str
    address: str
    district_code: str
    opening_hours: str = ""
    facilities: tuple[str, ...] = ()


@dataclass(frozen=True)
class StaffSpec:
    username: str
    full_name: str
    org: str
    role: str


@dataclass
class DemoWorld:
    orgs: list[OrgSpec] = field(default_factory=list)  # parents before children
    employers: list[EmployerSpec] = field(default_factory=list)
    places: list[PlaceSpec] = field(default_factory=list)

    def org(self, name: str) -> OrgSpec:
        return next(o for o in self.orgs if o.name == name)


# The 16 districts of Beijing with their GB/T 2260 codes.
DISTRICTS: list[tuple[str, str]] = [
    ("东城区", "110101"),
    ("西城区", "110102"),
    ("朝阳区", "110105"),
    ("丰台区", "110106"),
    ("石景山区", "110107"),
    ("海淀区", "110108"),
    ("门头沟区", "110109"),
    ("房山区", "110111"),
    ("通州区", "110112"),
    ("顺义区", "110113"),
    ("昌平区", "110114"),
    ("大兴区", "110115"),
    ("怀柔区", "110116"),
    ("平谷区", "110117"),
    ("密云区", "110118"),
    ("延庆区", "110119"),
]
ZONE_DISTRICT_CODE = (
    "110115"  # 经开区 lies in 大兴区; it is a functional zone, not an administrative district
)


def district_union(district: str) -> str:
    return f"{district}总工会"


def district_short(district: str) -> str:
    return district.removesuffix("区")


# Street / township / area federations per district, each with a few roads of its area for addresses.
STREETS: dict[str, list[tuple[str, tuple[str, ...]]]] = {
    "东城区": [
        ("东华门街道", ("南河沿大街", "东华门大街")),
        ("景山街道", ("景山东街", "地安门内大街")),
        ("和平里街道", ("和平里东街", "和平里北街")),
        ("东直门街道", ("东直门外大街", "东中街")),
    ],
    "西城区": [
        ("大栅栏街道", ("大栅栏西街", "煤市街")),
        ("天桥街道", ("天桥南大街", "永安路")),
        ("金融街街道", ("金融大街", "武定侯街")),
        ("德胜街道", ("德胜门外大街", "新街口外大街")),
    ],
    "朝阳区": [
        ("东湖街道", ("望京东路", "湖光中街", "利泽中街")),
        ("常营地区", ("朝阳北路", "常营中路")),
        ("金盏地区", ("金盏路", "东苇路")),
        ("望京街道", ("阜通东大街", "望京街")),
        ("建外街道", ("建国门外大街", "光华路")),
    ],
    "丰台区": [
        ("卢沟桥街道", ("丽泽路", "西三环南路")),
        ("丰台街道", ("丰台北路", "东安街")),
        ("马家堡街道", ("马家堡东路", "角门路")),
    ],
    "石景山区": [
        ("八宝山街道", ("石景山路", "玉泉路")),
        ("鲁谷街道", ("鲁谷路", "重聚园路")),
        ("古城街道", ("古城大街", "古城路")),
    ],
    "海淀区": [
        ("中关村街道", ("中关村大街", "科学院南路")),
        ("学院路街道", ("学院路", "成府路")),
        ("海淀街道", ("海淀大街", "苏州街")),
        ("上地街道", ("上地信息路", "上地东路")),
    ],
    "门头沟区": [
        ("大峪街道", ("新桥大街", "滨河路")),
        ("城子街道", ("城子大街", "蓝龙路")),
        ("永定镇", ("石龙南路", "永定大街")),
    ],
    "房山区": [
        ("拱辰街道", ("拱辰大街", "苏庄大街")),
        ("西潞街道", ("西潞大街", "长虹西路")),
        ("良乡镇", ("良乡西路", "刺猬河路")),
    ],
    "通州区": [
        ("北苑街道", ("北苑路", "新华西街")),
        ("中仓街道", ("中仓路", "车站路")),
        ("新华街道", ("新华大街", "新华南路")),
        ("梨园镇", ("九棵树东路", "云景东路")),
    ],
    "顺义区": [
        ("胜利街道", ("府前东街", "站前街")),
        ("光明街道", ("光明南大街", "府前中街")),
        ("石园街道", ("石园大街", "石园南大街")),
        ("后沙峪镇", ("安华街", "裕曦路")),
    ],
    "昌平区": [
        ("回龙观街道", ("回龙观西大街", "龙锦三街")),
        ("天通苑北街道", ("立汤路", "太平庄中街")),
        ("城北街道", ("政府街", "鼓楼北街")),
    ],
    "大兴区": [
        ("兴丰街道", ("兴丰大街", "兴华中路")),
        ("林校路街道", ("林校北路", "黄村西大街")),
        ("清源街道", ("清源路", "兴华大街")),
    ],
    "怀柔区": [
        ("泉河街道", ("青春路", "府前街")),
        ("龙山街道", ("龙山东路", "南华大街")),
        ("雁栖镇", ("雁栖大街", "乐园大街")),
    ],
    "平谷区": [
        ("滨河街道", ("平谷大街", "滨河路")),
        ("兴谷街道", ("兴谷东路", "林荫北街")),
        ("马坊镇", ("金河北街", "马坊东路")),
    ],
    "密云区": [
        ("鼓楼街道", ("鼓楼东大街", "鼓楼南大街")),
        ("果园街道", ("果园西路", "宾阳北街")),
        ("溪翁庄镇", ("溪翁庄大街", "白河东路")),
    ],
    "延庆区": [
        ("百泉街道", ("妫水北街", "东外大街")),
        ("儒林街道", ("庆园街", "儒林路")),
        ("香水园街道", ("高塔街", "香水园路")),
    ],
}
ZONE_STREETS: list[tuple[str, tuple[str, ...]]] = [
    ("荣华街道", ("荣华中路", "荣京东街")),
    ("博兴街道", ("博兴路", "经海路", "科创十三街")),
]

# Industry unions directly under the city (DOMAIN §1; O2: industry is also a classification).
INDUSTRY_UNIONS: list[tuple[str, str, str]] = [
    ("北京市交通运输工会", "交通运输", Industry.G),
    ("北京市政法卫生文化工会", "政法卫生文化", Industry.S),
    ("北京市教育工会", "教育", Industry.P),
    ("市直属机关工会", "市直机关", Industry.S),
]

# Joint unions named in or suggested by the reports: (name, parent, sectors its generated employers come from).
NAMED_JOINT_UNIONS: list[tuple[str, str, tuple[str, ...]]] = [
    ("东湖街道新就业形态劳动者联合工会", "东湖街道总工会", ("配送", "快递", "物流")),
    ("望京SOHO楼宇联合工会", "望京街道总工会", ("科技", "信息", "传媒", "咨询", "人力")),
]


@dataclass(frozen=True)
class NamedUnit:
    """An employer from the reports, with its own base union (`union` set) or without one."""

    employer: str
    parent: str  # the federation its union sits under, or where it is recorded when it has none
    union: str | None
    industry: str
    ownership: str
    headcount: int
    address: str
    district_code: str
    branches: tuple[str, ...] = ()


NAMED_UNITS: list[NamedUnit] = [
    # 000-1, 001-2, 002-6: universities under the education union.
    NamedUnit(
        "北京工商大学",
        "北京市教育工会",
        "北京工商大学工会",
        Industry.P,
        Ownership.INSTITUTION,
        2860,
        "北京市海淀区阜成路11号",
        "110108",
    ),
    NamedUnit(
        "北京联合大学",
        "北京市教育工会",
        "北京联合大学工会",
        Industry.P,
        Ownership.INSTITUTION,
        2410,
        "北京市朝阳区北四环东路97号",
        "110105",
    ),
    NamedUnit(
        "北京师范大学",
        "北京市教育工会",
        "北京师范大学工会",
        Industry.P,
        Ownership.INSTITUTION,
        3980,
        "北京市海淀区新街口外大街19号",
        "110108",
    ),
    NamedUnit(
        "北京航空航天大学",
        "北京市教育工会",
        "北京航空航天大学工会",
        Industry.P,
        Ownership.INSTITUTION,
        4620,
        "北京市海淀区学院路37号",
        "110108",
    ),
    NamedUnit(
        "北京电子科技职业学院",
        "北京市教育工会",
        "北京电子科技职业学院工会",
        Industry.P,
        Ownership.INSTITUTION,
        1120,
        "北京市北京经济技术开发区凉水河一街9号",
        ZONE_DISTRICT_CODE,
    ),
    # 002-1: transport.
    NamedUnit(
        "北京公共交通控股（集团）有限公司",
        "北京市交通运输工会",
        "北京公交集团工会",
        Industry.G,
        Ownership.STATE,
        9800,
        "北京市丰台区莲花池西里29号",
        "110106",
    ),
    # 002-2: health and culture.
    NamedUnit(
        "首都医科大学附属北京朝阳医院",
        "北京市政法卫生文化工会",
        "首都医科大学附属北京朝阳医院工会",
        Industry.Q,
        Ownership.INSTITUTION,
        4300,
        "北京市朝阳区工人体育场南路8号",
        "110105",
    ),
    NamedUnit(
        "首都图书馆",
        "北京市政法卫生文化工会",
        "首都图书馆工会",
        Industry.R,
        Ownership.INSTITUTION,
        520,
        "北京市朝阳区东三环南路88号",
        "110105",
    ),
    # 002-3: a municipal state-owned group; its union is placed under the city organs' union.
    NamedUnit(
        "北京城市排水集团有限责任公司",
        "市直属机关工会",
        "北京排水集团工会",
        Industry.N,
        Ownership.STATE,
        5600,
        "北京市西城区车公庄大街北里37号",
        "110102",
    ),
    NamedUnit(
        "北京金隅集团股份有限公司",
        "东城区总工会",
        "金隅集团工会",
        Industry.C,
        Ownership.STATE,
        3200,
        "北京市东城区北三环东路36号",
        "110101",
    ),
    # 001-4: a railway construction group with two subsidiaries that reported at the meeting.
    NamedUnit(
        "中铁六局集团有限公司",
        "丰台区总工会",
        "中铁六局工会",
        Industry.E,
        Ownership.STATE,
        8700,
        "北京市丰台区丰台北路77号",
        "110106",
        branches=("丰桥公司分工会", "广州公司分工会"),
    ),
    # 001-5: the district sanitation centre visited in 夏送清凉.
    NamedUnit(
        "北京市朝阳区环境卫生服务中心",
        "朝阳区总工会",
        "北京市朝阳区环境卫生服务中心工会",
        Industry.N,
        Ownership.INSTITUTION,
        1350,
        "北京市朝阳区光华路甲8号",
        "110105",
    ),
    # 001-6: 经开区 送清凉 first stops. Only the supply-chain company is described with its own union; the
    # security and sanitation companies are visited as employers (organising targets).
    NamedUnit(
        "北京盛世华人供应链管理有限公司",
        ZONE,
        "北京盛世华人供应链管理有限公司工会",
        Industry.G,
        Ownership.PRIVATE,
        560,
        "北京市北京经济技术开发区经海路18号",
        ZONE_DISTRICT_CODE,
    ),
    NamedUnit(
        "北京安艺达保安服务有限公司",
        ZONE,
        None,
        Industry.L,
        Ownership.PRIVATE,
        230,
        "北京市北京经济技术开发区荣华中路10号",
        ZONE_DISTRICT_CODE,
    ),
    NamedUnit(
        "北京新浩环卫服务有限公司",
        ZONE,
        None,
        Industry.N,
        Ownership.PRIVATE,
        310,
        "北京市北京经济技术开发区博兴路6号",
        ZONE_DISTRICT_CODE,
    ),
]

FACILITIES_REST = ("饮水", "微波炉", "充电", "休息座椅", "卫生间", "医药箱", "冷藏柜", "雨具", "应急药品")
FACILITIES_SERVICE = ("饮水", "充电", "休息座椅", "卫生间", "法律咨询", "心理咨询", "图书角", "会议室")

NAMED_PLACES: list[PlaceSpec] = [
    PlaceSpec(
        "美团骑手党群服务中心",
        PlaceKind.SERVICE_STATION,
        "东湖街道总工会",
        "北京市朝阳区湖光中街6号",
        "110105",
        "08:00-22:00",
        ("饮水", "微波炉", "充电", "休息座椅", "卫生间", "医药箱", "图书角", "法律咨询"),
    ),
    PlaceSpec(
        "东湖街道望京东路劳动者驿站",
        PlaceKind.REST_STATION,
        "东湖街道总工会",
        "北京市朝阳区望京东路8号",
        "110105",
        "全天开放",
        ("饮水", "微波炉", "充电", "休息座椅", "卫生间"),
    ),
    PlaceSpec(
        "东湖街道利泽中街户外劳动者港湾",
        PlaceKind.REST_STATION,
        "东湖街道总工会",
        "北京市朝阳区利泽中街12号",
        "110105",
        "07:00-21:00",
        ("饮水", "微波炉", "充电", "休息座椅", "雨具"),
    ),
    PlaceSpec(
        "经开区总工会职工服务中心",
        PlaceKind.SERVICE_STATION,
        ZONE,
        "北京市北京经济技术开发区荣华中路22号",
        ZONE_DISTRICT_CODE,
        "周一至周五 09:00-17:30",
        ("饮水", "法律咨询", "心理咨询", "会议室", "卫生间"),
    ),
    PlaceSpec(
        "经开区荣京东街劳动者港湾",
        PlaceKind.REST_STATION,
        ZONE,
        "北京市北京经济技术开发区荣京东街3号",
        ZONE_DISTRICT_CODE,
        "全天开放",
        ("饮水", "微波炉", "充电", "休息座椅", "卫生间", "冷藏柜"),
    ),
    PlaceSpec(
        "经开区科创十三街户外劳动者驿站",
        PlaceKind.REST_STATION,
        ZONE,
        "北京市北京经济技术开发区科创十三街29号",
        ZONE_DISTRICT_CODE,
        "06:00-22:00",
        ("饮水", "充电", "休息座椅", "应急药品", "防暑用品"),
    ),
    PlaceSpec(
        "大栅栏街道工会服务站",
        PlaceKind.SERVICE_STATION,
        "大栅栏街道总工会",
        "北京市西城区煤市街46号",
        "110102",
        "周一至周五 09:00-17:00",
        ("饮水", "休息座椅", "法律咨询", "入会登记"),
    ),
    PlaceSpec(
        "天桥街道劳动者驿站",
        PlaceKind.REST_STATION,
        "天桥街道总工会",
        "北京市西城区永安路15号",
        "110102",
        "08:00-20:00",
        ("饮水", "微波炉", "充电", "休息座椅"),
    ),
    PlaceSpec(
        "常营地区职工之家",
        PlaceKind.WORKERS_HOME,
        "常营地区总工会",
        "北京市朝阳区常营中路9号",
        "110105",
        "周一至周六 09:00-21:00",
        ("活动室", "阅览室", "健身房", "母婴室", "厨艺教室"),
    ),
    PlaceSpec(
        "北京工商大学教职工之家",
        PlaceKind.WORKERS_HOME,
        "北京工商大学工会",
        "北京市海淀区阜成路11号",
        "110108",
        "周一至周五 08:30-21:00",
        ("阅览室", "健身房", "活动室", "母婴室"),
    ),
    PlaceSpec(
        "北京排水集团职工之家",
        PlaceKind.WORKERS_HOME,
        "北京排水集团工会",
        "北京市西城区车公庄大街北里37号",
        "110102",
        "周一至周五 09:00-20:00",
        ("活动室", "健身房", "阅览室", "心理咨询室"),
    ),
    PlaceSpec(
        "北京排水集团劳模创新工作室",
        PlaceKind.INNOVATION_STUDIO,
        "北京排水集团工会",
        "北京市西城区车公庄大街北里37号",
        "110102",
        "工作日",
        ("实验台", "会议室", "展示墙"),
    ),
    PlaceSpec(
        "朝阳区环卫中心劳动者港湾",
        PlaceKind.REST_STATION,
        "北京市朝阳区环境卫生服务中心工会",
        "北京市朝阳区光华路甲8号",
        "110105",
        "全天开放",
        ("饮水", "微波炉", "充电", "休息座椅", "卫生间", "淋浴"),
    ),
    PlaceSpec(
        "中铁六局丰桥公司职工之家",
        PlaceKind.WORKERS_HOME,
        "丰桥公司分工会",
        "北京市丰台区丰台北路77号",
        "110106",
        "周一至周日 08:00-21:00",
        ("阅览室", "活动室", "健身房"),
    ),
]

# The demo staff (people are fictional); the usernames are core.demo_guard.DEMO_USERNAMES.
DEMO_STAFF: list[StaffSpec] = [
    StaffSpec("city_admin", "李文静", CITY, "admin"),
    StaffSpec("chaoyang", "王海涛", "朝阳区总工会", "admin"),
    StaffSpec("xicheng", "陈晓雯", "西城区总工会", "operator"),
    StaffSpec("donghu", "赵子鹏", "东湖街道总工会", "operator"),
    StaffSpec("security", "周明远", CITY, "secadmin"),
    StaffSpec("auditor", "孙丽华", CITY, "auditor"),
]


# ---------------------------------------------------------------------------------------------------------------
# Generation: employers, their unions, and rest stations around every street federation.

# (name suffix, GB/T 4754 section, sector tag used by joint unions)
SECTORS: list[tuple[str, str, str]] = [
    ("科技有限公司", Industry.I, "科技"),
    ("信息技术有限公司", Industry.I, "信息"),
    ("网络科技有限公司", Industry.I, "科技"),
    ("物流有限公司", Industry.G, "物流"),
    ("供应链管理有限公司", Industry.G, "物流"),
    ("配送服务有限公司", Industry.G, "配送"),
    ("快递服务有限公司", Industry.G, "快递"),
    ("环卫服务有限公司", Industry.N, "环卫"),
    ("环境工程有限公司", Industry.N, "环卫"),
    ("保安服务有限公司", Industry.L, "保安"),
    ("人力资源服务有限公司", Industry.L, "人力"),
    ("企业管理咨询有限公司", Industry.L, "咨询"),
    ("餐饮管理有限公司", Industry.H, "餐饮"),
    ("酒店管理有限公司", Industry.H, "餐饮"),
    ("商贸有限公司", Industry.F, "商贸"),
    ("超市连锁有限公司", Industry.F, "商贸"),
    ("医药连锁有限公司", Industry.F, "商贸"),
    ("物业管理有限公司", Industry.K, "物业"),
    ("建筑工程有限公司", Industry.E, "建筑"),
    ("家政服务有限公司", Industry.O, "家政"),
    ("汽车维修服务有限公司", Industry.O, "维修"),
    ("文化传媒有限公司", Industry.R, "传媒"),
    ("食品有限公司", Industry.C, "制造"),
    ("印刷有限公司", Industry.C, "制造"),
]
FOREIGN_SECTOR_TAGS = {"科技", "信息", "咨询", "商贸", "餐饮", "制造", "物流"}
TRADE_NAME_FIRST = "华恒瑞嘉宏鑫润腾启博盛安德信泰和兴达众联远祥鼎创弘卓金天海中京永正新"
TRADE_NAME_SECOND = "通达泰源信丰科运诚美康成盈晟宇航辰昊智越锦翔悦程峰立凯诺远欣"
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕"
GIVEN_NAMES = [
    "建国",
    "秀英",
    "丽",
    "伟",
    "静",
    "磊",
    "洋",
    "艳",
    "勇",
    "军",
    "杰",
    "娟",
    "涛",
    "明",
    "超",
    "霞",
    "平",
    "刚",
    "桂英",
    "海燕",
    "志强",
    "晓东",
    "雪梅",
    "红梅",
    "玉兰",
    "建华",
    "淑珍",
    "国强",
    "春燕",
    "立新",
    "文博",
    "思远",
    "佳怡",
    "子涵",
    "浩然",
    "欣怡",
    "宇航",
    "晓光",
    "永红",
]
OWNERSHIP_WEIGHTS: list[tuple[str, int]] = [
    (Ownership.PRIVATE, 70),
    (Ownership.STATE, 12),
    (Ownership.FOREIGN, 6),
    (Ownership.HKMOTW, 4),
    (Ownership.SOCIAL, 3),
]
# GB 32100 registration-authority and entity-type prefixes.
USCC_PREFIX: dict[str, str] = {
    Ownership.INSTITUTION: "12",  # 机构编制 · 事业单位
    Ownership.AGENCY: "11",  # 机构编制 · 机关
    Ownership.SOCIAL: "52",  # 民政 · 民办非企业单位
}
USCC_PREFIX_ENTERPRISE = "91"  # 工商 · 企业
USCC_PREFIX_UNION = "81"  # 工会 · 基层工会
USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
ORG_CODE_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)


def org_code_check(body: str) -> str:
    """The check character of an 8-character organisation code (GB 11714, characters 9-17 of a USCC)."""
    total = sum(int(c, 36) * w for c, w in zip(body, ORG_CODE_WEIGHTS, strict=True))
    check = 11 - total % 11
    return "X" if check == 10 else "0" if check == 11 else str(check)


def uscc_from(prefix: str, region: str, body: str) -> str:
    """A USCC from its 2-character prefix, 6-digit region and 8-character organisation-code body."""
    first17 = prefix + region + body + org_code_check(body)
    return first17 + stdnum_uscc.calc_check_digit(first17)


class _Generator:
    def __init__(self, seed: str = SEED):
        self.rng = random.Random(seed)
        self.usccs: set[str] = set()
        self.names: set[str] = set()

    def uscc(self, prefix: str, region: str, *, new_style: bool) -> str:
        while True:
            if new_style:  # codes issued since 2015 look like MA01ABCD
                body = "MA0" + "".join(self.rng.choice(USCC_ALPHABET) for _ in range(5))
            else:
                body = "".join(self.rng.choice("0123456789") for _ in range(8))
            code = uscc_from(prefix, region, body)
            if code not in self.usccs:
                self.usccs.add(code)
                return code

    def person(self) -> str:
        return self.rng.choice(SURNAMES) + self.rng.choice(GIVEN_NAMES)

    def trade_name(self) -> str:
        while True:
            first, second = self.rng.choice(TRADE_NAME_FIRST), self.rng.choice(TRADE_NAME_SECOND)
            if first != second:
                return first + second

    def company(self, sectors: list[tuple[str, str, str]], ownership: str) -> tuple[str, str]:
        if ownership in (Ownership.FOREIGN, Ownership.HKMOTW):
            sectors = [s for s in sectors if s[2] in FOREIGN_SECTOR_TAGS] or sectors
        while True:
            suffix, industry, _tag = self.rng.choice(sectors)
            trade = self.trade_name()
            if ownership in (Ownership.FOREIGN, Ownership.HKMOTW):
                name = f"{trade}（北京）{suffix}"
            elif ownership == Ownership.SOCIAL:
                name = f"北京市{trade}社会工作服务中心"
                industry = Industry.Q
            else:
                name = f"北京{trade}{suffix}"
            if name not in self.names:
                self.names.add(name)
                return name, industry

    def ownership(self, coverage: str) -> str:
        if coverage == "joint":  # small private firms are who joint unions cover
            return Ownership.PRIVATE
        weights = OWNERSHIP_WEIGHTS
        if coverage == "none":  # state-owned firms have their unions; the targets are private and foreign
            weights = [(kind, w) for kind, w in OWNERSHIP_WEIGHTS if kind != Ownership.STATE]
        kinds, values = zip(*weights, strict=True)
        return self.rng.choices(kinds, values)[0]

    def date(self, start_year: int, end_year: int) -> dt.date:
        start = dt.date(start_year, 1, 1).toordinal()
        return dt.date.fromordinal(self.rng.randint(start, dt.date(end_year, 12, 31).toordinal()))

    def headcount(self, coverage: str) -> int:
        if coverage == "own":
            return self.rng.choice(
                [self.rng.randint(25, 120), self.rng.randint(120, 600), self.rng.randint(600, 2500)]
            )
        if coverage == "joint":
            return self.rng.randint(3, 24)  # joint unions cover employers with fewer than 25 members
        return self.rng.randint(5, 180)

    def address(self, prefix: str, roads: tuple[str, ...]) -> str:
        number = f"{self.rng.randint(1, 188)}号"
        if self.rng.random() < 0.3:
            number += f"院{self.rng.randint(1, 12)}号楼"
        return f"{prefix}{self.rng.choice(roads)}{number}"


def street_union(street: str) -> str:
    return f"{street}总工会"


def street_short(street: str) -> str:
    for suffix in ("街道", "地区", "镇"):
        if street.endswith(suffix):
            return street.removesuffix(suffix)
    return street


@functools.cache
def build_world(seed: str = SEED) -> DemoWorld:
    """The whole demo world, deterministic for a seed. Parents always come before their children."""
    gen = _Generator(seed)
    world = DemoWorld()
    add = world.orgs.append

    add(OrgSpec(CITY, Level.CITY, None, short_name="市总工会", district_code="110000"))
    for district, code in DISTRICTS:
        add(
            OrgSpec(
                district_union(district),
                Level.DISTRICT,
                CITY,
                short_name=district_short(district),
                district_code=code,
            )
        )
    add(OrgSpec(ZONE, Level.ZONE, CITY, short_name="经开区", district_code=ZONE_DISTRICT_CODE))
    for name, short, industry in INDUSTRY_UNIONS:
        add(OrgSpec(name, Level.INDUSTRY, CITY, short_name=short, industry=industry))

    # Every street federation with its roads, the federation above it and the address prefix of its area.
    streets: list[tuple[str, str, str, tuple[str, ...], str]] = []
    for district, code in DISTRICTS:
        for street, roads in STREETS[district]:
            streets.append((street, district_union(district), code, roads, f"北京市{district}"))
    for street, roads in ZONE_STREETS:
        streets.append((street, ZONE, ZONE_DISTRICT_CODE, roads, ZONE_ADDRESS))
    for street, parent, code, _roads, _prefix in streets:
        add(
            OrgSpec(
                street_union(street),
                Level.STREET,
                parent,
                short_name=street_short(street),
                district_code=code,
            )
        )

    # The units of the reports, their base unions and branch unions.
    for unit in NAMED_UNITS:
        if unit.union is None:
            continue
        add(
            OrgSpec(
                unit.union,
                Level.BASE,
                unit.parent,
                district_code=unit.district_code,
                industry=unit.industry,
                uscc=gen.uscc(USCC_PREFIX_UNION, unit.district_code, new_style=False),
            )
        )
        for branch in unit.branches:
            add(OrgSpec(branch, Level.BRANCH, unit.union, industry=unit.industry))
    for unit in NAMED_UNITS:
        prefix = USCC_PREFIX.get(unit.ownership, USCC_PREFIX_ENTERPRISE)
        new_style = unit.ownership == Ownership.PRIVATE
        gen.names.add(unit.employer)
        world.employers.append(
            EmployerSpec(
                name=unit.employer,
                uscc=gen.uscc(prefix, unit.district_code, new_style=new_style),
                org=unit.parent,
                union=unit.union,
                industry=unit.industry,
                ownership=unit.ownership,
                headcount=unit.headcount,
                address=unit.address,
                district_code=unit.district_code,
            )
        )

    # Joint unions: the named ones, and one area joint union (区域联合工会) per street federation.
    joint_by_street: dict[str, list[tuple[str, tuple[str, ...]]]] = {}
    for name, parent, tags in NAMED_JOINT_UNIONS:
        joint_by_street.setdefault(parent, []).append((name, tags))
    for street, _parent, code, _roads, _prefix in streets:
        parent = street_union(street)
        joint_by_street.setdefault(parent, []).append((f"{street}联合工会", ()))
        for name, _tags in joint_by_street[parent]:
            add(OrgSpec(name, Level.JOINT, parent, district_code=code))

    # Employers around every street: at least one with its own union, one covered by a joint union, one 未建会.
    for street, _parent, code, roads, prefix in streets:
        parent = street_union(street)
        count = gen.rng.randint(3, 8)
        coverages = [
            "own",
            "joint",
            "none",
            *gen.rng.choices(["own", "joint", "none"], [35, 30, 35], k=count - 3),
        ]
        gen.rng.shuffle(coverages)
        for coverage in coverages:
            union_name: str | None = None
            sectors = SECTORS
            if coverage == "joint":
                union_name, tags = gen.rng.choice(joint_by_street[parent])
                if tags:
                    sectors = [s for s in SECTORS if s[2] in tags]
            ownership = gen.ownership(coverage)
            name, industry = gen.company(sectors, ownership)
            if coverage == "own":
                union_name = f"{name}工会"
                established = gen.date(1998, 2023)
                term_years = gen.rng.choice([5, 5, 3])
                term_start = max(established, gen.date(2021, 2025))
                add(
                    OrgSpec(
                        union_name,
                        Level.BASE,
                        parent,
                        district_code=code,
                        industry=industry,
                        uscc=gen.uscc(USCC_PREFIX_UNION, code, new_style=False)
                        if gen.rng.random() < 0.7
                        else "",
                        committee_chair=gen.person(),
                        established_on=established,
                        term_start=term_start,
                        term_years=term_years,
                    )
                )
            world.employers.append(
                EmployerSpec(
                    name=name,
                    uscc=gen.uscc(
                        USCC_PREFIX.get(ownership, USCC_PREFIX_ENTERPRISE),
                        code,
                        new_style=ownership in (Ownership.PRIVATE, Ownership.SOCIAL),
                    ),
                    org=parent,
                    union=union_name,
                    industry=industry,
                    ownership=ownership,
                    headcount=gen.headcount(coverage),
                    address=gen.address(prefix, roads),
                    district_code=code,
                )
            )

    # Places: those of the reports, and a rest station in the first street of every other district.
    world.places.extend(NAMED_PLACES)
    named_place_orgs = {p.org for p in NAMED_PLACES}
    for district, code in DISTRICTS:
        street, roads = STREETS[district][0]
        if street_union(street) not in named_place_orgs:
            road = gen.rng.choice(roads)
            world.places.append(
                PlaceSpec(
                    f"{street}劳动者驿站",
                    PlaceKind.REST_STATION,
                    street_union(street),
                    gen.address(f"北京市{district}", (road,)),
                    code,
                    gen.rng.choice(["全天开放", "07:00-21:00", "08:00-20:00", "06:30-22:00"]),
                    tuple(
                        sorted(
                            gen.rng.sample(FACILITIES_REST, gen.rng.randint(4, 7)), key=FACILITIES_REST.index
                        )
                    ),
                )
            )
        world.places.append(
            PlaceSpec(
                f"{district}总工会职工服务中心",
                PlaceKind.SERVICE_STATION,
                district_union(district),
                gen.address(f"北京市{district}", tuple(r for _s, rs in STREETS[district] for r in rs)),
                code,
                "周一至周五 09:00-17:30",
                tuple(sorted(gen.rng.sample(FACILITIES_SERVICE, 5), key=FACILITIES_SERVICE.index)),
            )
        )

    names = [o.name for o in world.orgs]
    assert len(names) == len(set(names)), "demo org names must be unique"
    return world
