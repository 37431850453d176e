"""What a report says, read into proposed records (issue 23 §1). Nothing here writes: `read` gives, for each article,
the records it proposes (an activity, a competition, a care campaign, a work plan, a round of honours), each field
with the sentence it came from and how sure the reader is, and the figures the report quotes, to be checked against
what the records compute once confirmed.

How it reads, with no service outside the machine:
- kinds by keywords, first in the headings (sure), then in sentences that tell of something done (less sure);
  sentences about the future (将, 要, 今后, 下一步) propose nothing;
- dates relative to the report's day (近日, 6月18日至19日, 今年3月以来);
- organisations through `orgs.OrgMatcher`; people's roles only as the text of who attended (no person is stored);
- numbers with units and their approximation through `numbers.quantities`;
- lists (绢人组、掐丝珐琅组…; “阵地共建、活动共办、人才共育”三项工作措施) by their separators, checked against the
  count the report gives where it gives one.
"""

import calendar
import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from .articles import Article, split
from .numbers import Quantity, quantities, read_number
from .orgs import NewOrg, OrgMatcher, OrgMention

SURE, LIKELY, GUESS = 0.9, 0.7, 0.4

FUTURE = re.compile(r"将|要|今后|下一步|未来|计划|拟|持续开展|陆续")
HAPPENED = re.compile(r"举办了|举行了|开展了|组织开展|吸引|参赛|评选出|颁发|决出|举办的")
ALIAS = re.compile(r"([\u4e00-\u9fa5]{2,30})（以下简称“([^”]{2,10})”）")
DONE = re.compile(r"举办|举行|开展|组织|召开|启动|成立|走进|看望|慰问|赴|到|参加|参观|开幕|落幕|颁奖|表彰")
SENTENCE = re.compile(r"[^。！？!?]+[。！？!?”]*")


@dataclass
class Found:
    value: Any
    sentence: str = ""
    confidence: float = SURE
    note: str = ""  # how the value was read: "千余名 → 1000（余）"


@dataclass
class Quoted:
    """A figure the report quotes ("80名"), to be set beside what the record computes once confirmed."""

    key: str
    label: str
    value: int
    unit: str
    approx: str = ""
    text: str = ""
    sentence: str = ""
    upper: int | None = None


@dataclass
class Proposal:
    kind: str  # activity | competition | campaign | plan | honours
    label: str
    fields: dict[str, Found] = field(default_factory=dict)
    quoted: list[Quoted] = field(default_factory=list)
    confidence: float = SURE
    why_not: str = ""  # set when it cannot be confirmed as it stands

    def value(self, name: str, default: Any = None) -> Any:
        found = self.fields.get(name)
        return found.value if found is not None else default


@dataclass
class Reading:
    article: Article
    proposals: list[Proposal]
    orgs: list[OrgMention]
    new_orgs: list[NewOrg]

    @property
    def named(self) -> list[OrgMention]:
        """Each organisation once, in the order the report first names it."""
        return list({m.org_id: m for m in self.orgs}.values())


# ---- small readers -----------------------------------------------------------------------------------------------


def sentences_of(text: str) -> list[str]:
    return [s.strip() for line in text.split("\n") for s in SENTENCE.findall(line) if s.strip("。 ")]


def _day(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _in_year_before(report_day: dt.date, month: int, day: int) -> dt.date | None:
    """A month and day the report gives without a year: this year's, or last year's when that lies ahead."""
    found = _day(report_day.year, month, day)
    if found is not None and found > report_day:
        found = _day(report_day.year - 1, month, day)
    return found


def read_dates(sentences: list[str], report_day: dt.date) -> tuple[Found, Found | None]:
    """When it happened, relative to the report's day: (start, end or None)."""
    for s in sentences:
        m = re.search(r"(\d{1,2})月(\d{1,2})日(?:至|到|—|-)(?:(\d{1,2})月)?(\d{1,2})日", s)
        if m:
            start = _in_year_before(report_day, int(m[1]), int(m[2]))
            end = _day(start.year, int(m[3] or m[1]), int(m[4])) if start else None
            if start and end and end >= start:
                return Found(start, s, SURE, m[0]), Found(end, s, SURE, m[0])
    for s in sentences:
        m = re.search(r"今年(\d{1,2})月以来", s)
        if m:
            start = _day(report_day.year, int(m[1]), 1)
            if start and start <= report_day:
                return Found(start, s, LIKELY, f"{m[0]}：自{m[1]}月1日起"), Found(
                    report_day, s, GUESS, "报道当日"
                )
    for s in sentences:
        m = re.search(r"(?<!\d)(\d{1,2})月(\d{1,2})日", s)
        if m and not FUTURE.search(s):
            day = _in_year_before(report_day, int(m[1]), int(m[2]))
            if day:
                return Found(day, s, SURE, m[0]), None
    for s in sentences:
        m = re.search(r"近日|日前|连日来|近期|日前", s)
        if m:
            return Found(report_day, s, GUESS, f"“{m[0]}”：按报道日期"), None
    return Found(report_day, "", GUESS, "报道未写日期：按报道日期"), None


def month_later(day: dt.date) -> dt.date:
    """“持续一个月”: the day before the same day a month later."""
    year, month = (day.year + 1, 1) if day.month == 12 else (day.year, day.month + 1)
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1])) - dt.timedelta(days=1)


ANCHOR = re.compile(r"”?等?(?P<count>(?:\d+|[一二三四五六七八九十两]+)(?:个|项|大)|多个|多项)")
LEADS = re.compile(r"^.*(?:从|围绕|体验|包括|包含|建立|明确|涵盖|分为|分设|共设|设有|设置|设立|就)")


def items_of(enumeration: str) -> list[str]:
    """ "A、B和C" → [A, B, C]; "防晒脖套和冰袖、防滑手套" splits on 和 and 及 inside items too."""
    parts = re.split(r"、|和|及|与", enumeration)
    return [p.strip("“”") for p in parts if p.strip("“” ")]


def counted_list(sentence: str) -> tuple[list[str], int | None]:
    """The list a sentence gives, with the count it gives for it (None for "等多个"): "从A、B、C、D四个方面",
    "“A、B、C”三项工作措施", "体验A、B、C等多个项目"."""
    for m in ANCHOR.finditer(sentence):
        clause = re.split(r"[，。；：“（]", sentence[: m.start()])[-1]
        if "、" not in clause:
            continue
        items = items_of(clause)
        items[0] = LEADS.sub("", items[0])
        word = m["count"]
        return [i for i in items if i], None if word.startswith("多") else read_number(word[:-1])
    return [], None


def quoted_title(text: str) -> str:
    m = re.search(r"《([^》]{4,60})》", text)
    return m.group(1) if m else ""


def _clean_name(name: str) -> str:
    name = re.sub(r"^.*(?:组织开展|举办了?|开展了?|组织了?|举行了?)", "", name)
    name = re.sub(r"^(一场|一次|别开生面的|面向[^，]{0,10}的)+", "", name)
    return name.strip("，、 ")


# ---- kinds -------------------------------------------------------------------------------------------------------

COMPETITION = re.compile(r"技能竞赛|歌咏比赛|[^，。、]{0,4}大赛|运动会|比赛|竞赛|联赛")
COMPETITION_KINDS = (
    ("photo", re.compile(r"摄影|视频|征集")),
    ("sport", re.compile(r"运动会|足球|篮球|拔河|体育")),
    ("culture", re.compile(r"歌咏|合唱|文艺|才艺|演讲")),
    ("skill", re.compile(r"技能|比武|包粽子|粽子|竞赛")),
)
CAMPAIGN = re.compile(r"夏送清凉|送清凉|送“清凉”|冬送温暖|送温暖|金秋助学")
HONOURS = re.compile(r"表彰|颁奖|荣获")
PLAN = re.compile(r"行动方案|专项行动方案|工作方案|实施方案")
STALL = re.compile(r"摆摊设点|沟通会")
ACTIVITY_KINDS = (
    ("joint_study", re.compile(r"联学联建")),
    ("visit", re.compile(r"调研")),
    ("training", re.compile(r"培训班|培训")),
    ("outreach", re.compile(r"摆摊设点|沟通会")),
    ("lecture", re.compile(r"宣讲|报告会|讲座|宣讲团")),
    ("family", re.compile(r"亲子")),
    ("exchange", re.compile(r"学习交流|交流活动|交流学习")),
    ("volunteer", re.compile(r"志愿服务")),
    ("legal", re.compile(r"法律服务|法律咨询")),
    ("meeting", re.compile(r"推进会|座谈会|全体会议|代表大会|动员部署会|会议")),
    ("culture_sport", re.compile(r"展示活动|展演|才艺")),
    ("condolence", re.compile(r"慰问")),
)
KIND_NAMES = {
    "joint_study": "联学联建",
    "visit": "调研",
    "training": "培训",
    "lecture": "宣讲",
    "family": "亲子",
    "outreach": "沟通会/摆摊",
    "exchange": "交流学习",
    "volunteer": "志愿服务",
    "legal": "座谈/会议",
    "meeting": "座谈/会议",
    "culture_sport": "文体",
    "condolence": "慰问",
}
ACTIVITY_CODES = {"legal": "meeting"}  # 法律服务 is recorded as a meeting until the services module takes it


def expanded(article: Article) -> Article:
    """The article as read: "北京经济技术开发区（以下简称“经开区”）总工会" and every later "经开区" written out in
    full, so the names match the tree."""
    aliases = {m[2]: m[1] for m in ALIAS.finditer(article.text)}
    if not aliases:
        return article

    def full(text: str) -> str:
        text = ALIAS.sub(r"\1", text)
        for short, name in aliases.items():
            text = re.sub(rf"(?<!{name[-1]}){re.escape(short)}", name, text)
        return text

    return Article(
        [full(h) for h in article.headings], full(article.marked), [full(p) for p in article.paragraphs]
    )


def _done(sentence: str) -> bool:
    return bool(DONE.search(sentence)) and not FUTURE.search(sentence)


# ---- the article -------------------------------------------------------------------------------------------------


class ArticleReader:
    def __init__(self, article: Article, matcher: OrgMatcher, report_day: dt.date):
        self.article = article = expanded(article)
        self.matcher = matcher
        self.day = report_day
        self.headings = " ".join(article.headings)
        self.sentences = sentences_of(article.body)
        self.lead = self.sentences[:3]
        self.start, self.end = read_dates(self.sentences, report_day)
        self.mentions = matcher.find(article.text)

    # what every proposal shares, read once per article
    @cached_property
    def organiser(self) -> Found:
        for s in [*self.article.headings, *self.lead]:
            for m in self.matcher.find(s):
                rest = s[m.end : m.end + 20]
                if re.match(r"[^，。]{0,16}(举办|组织|开展|召开|启动|举行|率队|一行|为|推出|面向|在)", rest):
                    return Found(m.org_id, s, SURE if m.confidence == 1 else LIKELY, m.name)
        honoured = self.honoured  # "通州区1家单位荣获…": the article is 通州区总工会's
        if honoured is not None:
            return Found(honoured.value, honoured.sentence, LIKELY, honoured.note)
        if self.mentions:
            counts = Counter(m.org_id for m in self.mentions)
            top = max(self.mentions, key=lambda m: counts[m.org_id])
            return Found(top.org_id, "", GUESS, f"{top.name}（报道中出现最多）")
        return Found(None, "", 0.0, "报道中没有找到您管辖范围内的组织，请选择")

    @cached_property
    def place(self) -> Found | None:
        for s in self.sentences:
            m = re.search(r"在([^，。、“”]{3,24}?)(?:组织开展|开展|举行|召开|举办|组织)", s)
            if m and not re.search(r"之际|期间|方面|岗位|[中里上内]$", m[1]):
                return Found(m[1], s, LIKELY)
            m = re.search(r"(?:赴|到|走进)([^，。、“”]{3,24}?)(?:调研|开展|看望|慰问|参观)", s)
            if m:
                return Found(m[1], s, LIKELY)
        return None

    def leaders(self) -> Found | None:
        for s in self.sentences:
            m = re.search(r"([^。]{4,160}?)(?:等)?出席", s)
            if m:
                return Found(m[1].strip("，、 "), s, LIKELY)
            m = re.search(r"([^，。]{2,40}(?:主席|书记|主任)[\u4e00-\u9fa5]{2,3})(?:率队|带队|一行)", s)
            if m:
                return Found(m[1], s, LIKELY)
        return None

    def people(self, *, words: str, avoid: re.Pattern | None = None) -> tuple[Quantity, str] | None:
        """The count of people the report gives for what happened ("80名职工参赛", "1000余人参加活动")."""
        for s in self.sentences:
            if avoid is not None and avoid.search(s):
                continue
            for q in quantities(s):
                if q.unit in ("名", "人", "人次") and re.search(words, s[q.end : q.end + 16]):
                    return q, s
        return None

    def dates(self, p: Proposal, avoid: re.Pattern | None = None) -> None:
        start, end = self.start, self.end
        if avoid is not None:  # the showcase of a contest held since March happened on its own day
            start, end = read_dates([s for s in self.sentences if not avoid.search(s)], self.day)
        p.fields["starts_on"] = start
        if end is not None:
            p.fields["ends_on"] = end

    # the kinds of record
    def proposals(self) -> list[Proposal]:
        out: list[Proposal] = []
        out += self.competitions()
        out += self.campaigns()
        out += self.honours()
        out += self.plans()
        out += self.stalls()
        activity = self.activity(out)
        if activity is not None:
            out.append(activity)
        return out

    def _where(self, pattern: re.Pattern) -> tuple[str, float] | None:
        """The sentence that tells of `pattern` happening: the headings (sure), else a sentence of the body."""
        if pattern.search(self.headings):
            first = next((s for s in self.sentences if pattern.search(s)), self.headings)
            return first, SURE
        for s in self.sentences:
            if pattern.search(s) and _done(s):
                return s, LIKELY
        return None

    def competitions(self) -> list[Proposal]:
        found: dict[str, Proposal] = {}
        spots = []
        if COMPETITION.search(self.headings):
            spots += [(s, SURE) for s in self.sentences if COMPETITION.search(s)] or [(self.headings, SURE)]
        else:
            spots += [(s, LIKELY) for s in self.sentences if COMPETITION.search(s) and HAPPENED.search(s)]
        for s, sure in spots:
            if FUTURE.search(s) and sure < SURE:
                continue
            kind = next((k for k, rx in COMPETITION_KINDS if rx.search(s)), "other")
            if kind not in found:
                p = Proposal("competition", "竞赛", confidence=sure)
                p.fields["kind"] = Found(kind, s, sure)
                p.fields["stage_format"] = Found("photo" if kind == "photo" else "judged", s, LIKELY)
                p.fields["org"] = self.organiser
                self.dates(p)
                found[kind] = p
            p = found[kind]
            self._competition_details(p, s, sure)
        for p in found.values():
            if "name" not in p.fields:
                p.fields["name"] = Found(self.article.headline, self.headings, GUESS)
            place = self.place
            if place:
                p.fields["place_text"] = place
        return list(found.values())

    def _competition_details(self, p: Proposal, s: str, sure: float) -> None:
        if "name" not in p.fields:
            m = re.search(
                r"((?:“[^”]{2,30}”)?[^，。；、“”]{0,16}?(?:技能竞赛|歌咏比赛|大赛|运动会|比赛|竞赛|联赛))", s
            )
            if m and not re.fullmatch(r"(比赛|竞赛)", _clean_name(m[1])):
                p.fields["name"] = Found(_clean_name(m[1]), s, sure)
        tiers = re.findall(
            r"((?:[一二三四五六七八九十]+|特)等奖|优秀奖|金奖|银奖|铜奖)(\d+|[一二三四五六七八九十两]+)(名|个|人|支|项)",
            s,
        )
        for name, count, unit in tiers:
            n = read_number(count)
            if n is not None and f"tier:{name}" not in {q.key for q in p.quoted}:
                p.fields.setdefault("tiers", Found([], s, SURE)).value.append([name, n])
                p.quoted.append(Quoted(f"tier:{name}", name, n, unit, "", f"{name}{count}{unit}", s))
        for q in quantities(s):
            after = s[q.end : q.end + 12]
            taken = {x.key for x in p.quoted}
            if (
                q.unit in ("名", "人")
                and re.search(r"参赛|参加|选手|职工|干部", after)
                and "people" not in taken
            ):
                p.fields["people_counted"] = Found(q.value, s, sure, _note(q))
                p.quoted.append(_quoted("people", "参赛职工", q, s))
            elif q.unit == "家" and re.search(r"单位|企业", after) and "units" not in taken:
                p.quoted.append(_quoted("units", "参赛单位", q, s))
            elif q.unit == "支" and re.search(r"队", after) and "teams" not in taken:
                p.fields["entrant_kind"] = Found("team", s, sure)
                p.quoted.append(_quoted("teams", "参赛队伍", q, s))
        groups, _count = counted_list(s)
        if groups and all(g.endswith("组") for g in groups):
            p.fields["groups"] = Found(groups, s, sure)

    def campaigns(self) -> list[Proposal]:
        where = self._where(CAMPAIGN)
        if where is None:
            return []
        s, sure = where
        p = Proposal("campaign", "关爱活动", confidence=sure)
        kind = "冬送温暖" if "温暖" in s else "金秋助学" if "助学" in s else "夏送清凉"
        p.fields["kind"] = Found(kind, s, sure)
        p.fields["org"] = self.organiser
        m = next(
            (
                m
                for t in self.sentences
                if (m := re.search(r"(\d{4}年)?“[^”]*清凉[^”]*”[^，。、]{0,6}活动", t))
            ),
            None,
        )
        p.fields["name"] = Found(
            m[0] if m else self.article.headline, m.string if m else "", sure if m else GUESS
        )
        self.dates(p)
        start = self.start.value
        lasting = next((t for t in self.sentences if re.search(r"持续一个月", t)), None)
        p.fields["ends_on"] = (
            Found(month_later(start), lasting, SURE, "持续一个月")
            if lasting
            else Found(month_later(start), "", GUESS, "报道未写结束日期：暂按一个月")
        )
        for t in self.sentences:
            for q in quantities(t):
                after = t[q.end : q.end + 14]
                if q.unit == "家" and re.search(r"企业|单位", after) and FUTURE.search(t):
                    p.fields["target_employers"] = Found(q.value, t, LIKELY, _note(q))
                    p.quoted.append(_quoted("target_employers", "目标企业", q, t))
                elif q.unit in ("名", "人") and FUTURE.search(t) and re.search(r"劳动者|职工", after):
                    p.fields["target_workers"] = Found(q.value, t, LIKELY, _note(q))
                    p.quoted.append(_quoted("target_workers", "目标职工", q, t))
                elif (
                    q.unit in ("名", "人")
                    and re.search(r"职工|劳动者", after)
                    and re.search(r"送去|送上|慰问", t)
                ):
                    p.quoted.append(_quoted("reached", "已慰问职工", q, t))
            m = re.search(r"(?:走访慰问|慰问)((?:[^、，。]{2,14}、){2,}[^、，。]{2,30}?)等群体", t)
            if m:
                p.fields["target_groups"] = Found(items_of(m[1]), t, LIKELY)
            m = re.search(r"包含((?:[^、，。]{1,10}[、和及]){2,}[^、，。等]{1,10})等", t)
            if m:
                p.fields["items"] = Found(items_of(m[1]), t, SURE)
                p.quoted.append(Quoted("items", "每份物资", len(items_of(m[1])), "种", "", m[1], t))
        sites = [t for t in self.sentences if re.search(r"先后到|走进|来到", t)]
        if sites:
            p.fields["description"] = Found("；".join(sites[:3]), sites[0], LIKELY)
        return [p]

    def honours(self) -> list[Proposal]:
        where = self._where(HONOURS)
        if where is None:
            return []
        p = Proposal("honours", "表彰：与评选表彰的登记核对", confidence=where[1])
        p.fields["org"] = self.honoured or self.organiser
        p.fields["year"] = Found(self.day.year, where[0], LIKELY, "报道年度")
        for s in self.sentences:
            for m in re.finditer(
                r"(\d+|[一二三四五六七八九十两]+)(家单位|个车间班组|个集体|人|名)荣获([^,，;；。]+)", s
            ):
                n = read_number(m[1])
                if n is None:
                    continue
                award = m[3].strip()
                unit = {"家单位": "家", "个车间班组": "个", "个集体": "个"}.get(m[2], m[2])
                p.quoted.append(Quoted(f"award:{award}", award, n, unit, "", m[0], s))
        if p.quoted:
            p.fields["awards"] = Found(
                [[q.label, q.value, q.unit] for q in p.quoted], p.quoted[0].sentence, SURE
            )
        return [p] if p.quoted else []

    @cached_property
    def honoured(self) -> Found | None:
        """The subtree whose honours the report counts: "通州区1家单位荣获…" is 通州区总工会's."""
        for s in self.sentences:
            m = re.search(
                r"([\u4e00-\u9fa5]{2,12}?)(?:\d+|[一二三四五六七八九十两]+)(?:家单位|个车间班组|个集体|人|名)荣获",
                s,
            )
            if m is None:
                continue
            place = re.sub(r"^(今年|去年|近日|据了解)", "", m[1])
            for name in (f"{place}总工会", f"{place}工会"):
                found = self.matcher.find(name)
                if (found and found[0].text == name) or (found and found[0].name == name):
                    return Found(found[0].org_id, s, SURE, found[0].name)
        return None

    def plans(self) -> list[Proposal]:
        title = ""
        for s in self.sentences:
            if PLAN.search(s):
                title = quoted_title(s) or title
        if not title:
            return []
        sentence = next(s for s in self.sentences if title in s)
        items: list[str] = []
        item_sentence = ""
        for s in self.sentences:
            m = re.search(r"包括[:：](.+)", s)
            if (m and "；" in m[1]) or (m and ";" in m[1]):
                items = [i.strip("。; ；") for i in re.split(r"[;；]", m[1]) if i.strip("。; ；")]
                item_sentence = s
                break
            listed, count = counted_list(s)
            if listed and count == len(listed):
                items, item_sentence = listed, s
                break
        p = Proposal("plan", "工作计划", confidence=LIKELY)
        p.fields["org"] = self.organiser
        p.fields["title"] = Found(title, sentence, SURE)
        p.fields["kind"] = Found("special" if "专项" in title else "action", sentence, LIKELY)
        p.fields["year"] = Found(self.day.year, "", LIKELY, "报道年度")
        p.fields["starts_on"] = self.start
        p.fields["ends_on"] = Found(dt.date(self.day.year, 12, 31), "", GUESS, "暂按当年年底")
        if items:
            p.fields["items"] = Found(items, item_sentence, SURE)
            p.quoted.append(Quoted("items", "计划条目", len(items), "项", "", "", item_sentence))
        return [p]

    def stalls(self) -> list[Proposal]:
        """A stall (摆摊设点) or 沟通会 where a street union meets workers and shops (000-4): organising's record."""
        where = self._where(STALL)
        if where is None:
            return []
        s, sure = where
        p = Proposal("stall", "建会入会：摆摊设点/沟通会", confidence=sure)
        p.fields["org"] = self.organiser
        p.fields["kind"] = Found(
            "stall" if "摆摊设点" in s or "摆摊设点" in self.headings else "meeting", s, sure
        )
        p.fields["title"] = Found(self.article.headline, self.headings, LIKELY)
        p.fields["on"] = self.start
        m = next(
            (m for t in self.sentences if (m := re.search(r"在([^，。、“”]{3,24}?)“?摆摊设点", t))), None
        )
        place = Found(m[1], m.string, LIKELY) if m else self.place
        if place is not None:
            p.fields["place"] = place
        said = [t for t in self.sentences if re.search(r"加入工会|建会|意见|宣传", t)]
        if said:
            p.fields["note"] = Found("".join(said[:3]), said[0], LIKELY)
        return [p]

    def activity(self, others: list[Proposal]) -> Proposal | None:
        """The activity the article tells of: always when nothing else is proposed; beside a competition, a
        campaign or a plan only when it is an event of its own (a showcase, a meeting, a visit)."""
        kinds = [k for k, rx in ACTIVITY_KINDS if rx.search(self.headings)]
        sure = SURE
        if not kinds:
            kinds = [k for k, rx in ACTIVITY_KINDS if any(rx.search(s) and _done(s) for s in self.sentences)]
            sure = LIKELY
        taken = {p.kind for p in others}
        if others and not kinds:
            return None
        if others and kinds[0] == "condolence" and "campaign" in taken:
            return None  # the campaign holds the visits
        if others and kinds[0] == "outreach" and "stall" in taken:
            return None  # organising holds the stall
        if others and kinds[0] == "meeting" and sure < SURE:
            return None
        contest = COMPETITION if "competition" in taken else None
        kind = kinds[0] if kinds else "meeting"
        p = Proposal("activity", "活动", confidence=sure if kinds else GUESS)
        p.fields["kind"] = Found(
            ACTIVITY_CODES.get(kind, kind), self.headings, sure if kinds else GUESS, KIND_NAMES[kind]
        )
        p.fields["org"] = self.organiser
        p.fields["title"] = Found(self._activity_title(), self.headings, LIKELY)
        self.dates(p, contest)
        place = self.place
        if place:
            p.fields["place_text"] = place
        leaders = self.leaders()
        if leaders:
            p.fields["leaders"] = leaders
        counted = self.people(words=r"参加|参训|家庭|干部|职工|与会|代表", avoid=contest)
        if counted is not None:
            q, s = counted
            p.fields["reach"] = Found(q.value, s, LIKELY, _note(q))
            p.quoted.append(_quoted("reach", "参加人数", q, s))
        for s in self.sentences:
            if contest is not None and contest.search(s):
                continue
            for q in quantities(s):
                after = s[q.end : q.end + 8]
                if (
                    q.unit in ("所", "家")
                    and re.search(r"高校|单位|学校|企业", after)
                    and re.search(r"参加|参与", s)
                ):
                    p.fields["participant_orgs_count"] = Found(q.value, s, LIKELY, _note(q))
                    p.quoted.append(_quoted("orgs", "参加单位", q, s))
                if q.unit == "位" and re.search(r"劳模|代表|专家|讲师", after):
                    p.quoted.append(_quoted("speakers", "宣讲人", q, s))
            m = re.search(r"((?:[^、，。]{2,12}、)+[^、，。]{2,12})等(?:单位)?作了?(?:工作)?经验交流发言", s)
            if m and "participants" not in p.fields:
                names = items_of(m[1])
                p.fields["participants"] = Found(names, s, LIKELY)
                p.quoted.append(Quoted("participants", "交流发言单位", len(names), "家", "", "", s))
            listed, count = counted_list(s)
            if not listed:
                continue
            if count is not None and count != len(listed):
                continue
            if re.search(r"方面|专题", s[:200]) and kind == "training" and "sessions" not in p.fields:
                p.fields["sessions"] = Found(listed, s, SURE)
                p.quoted.append(Quoted("sessions", "培训专题", len(listed), "个", "", "", s))
            elif (
                re.search(r"措施|共识", s) and not re.search(r"方案|个方面", s) and "outcomes" not in p.fields
            ):
                p.fields["outcomes"] = Found(listed, s, SURE)
                p.quoted.append(Quoted("outcomes", "明确措施", len(listed), "项", "", "", s))
            elif kind == "family" and re.search(r"项目|技艺|组", s) and "groups" not in p.fields:
                p.fields["groups"] = Found(listed, s, LIKELY)
                p.quoted.append(Quoted("groups", "分组", len(listed), "个", "", "", s))
        return p

    def _activity_title(self) -> str:
        for h in self.article.headings:
            if any(rx.search(h) for _k, rx in ACTIVITY_KINDS) or re.search(r"活动|会$", h):
                return h
        return self.article.headline


def _note(q: Quantity) -> str:
    marks = {"over": "余（以上）", "about": "约", "nearly": "近", "": ""}
    return f"{q.text} → {q.value}{q.unit}" + (f"（{marks[q.approx]}）" if q.approx else "")


def _quoted(key: str, label: str, q: Quantity, sentence: str) -> Quoted:
    return Quoted(key, label, q.value, q.unit, q.approx, q.text, sentence, q.upper)


def read(text: str, *, matcher: OrgMatcher, report_day: dt.date) -> list[Reading]:
    """Each article of `text`, with the records it proposes and the organisations it names."""
    out = []
    for article in split(text):
        reader = ArticleReader(article, matcher, report_day)
        out.append(
            Reading(
                article=article,
                proposals=reader.proposals(),
                orgs=reader.mentions,
                new_orgs=matcher.unknown(article.text, reader.sentences),
            )
        )
    return out
