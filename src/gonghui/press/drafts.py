"""From a record to a 本报讯 draft (issue 23 §2), in the house style of the reports: a lead sentence with organiser,
date and place; what happened; the figures the record computes, written per GB/T 15835 (Arabic numerals, 万 for
large round numbers); who attended. The cadre edits it, copies it, or takes it away as .docx."""

import datetime as dt
import io
from dataclasses import dataclass

from docx import Document
from docx.shared import Pt

from gonghui.activities.models import Activity
from gonghui.activities.selectors import reach_of
from gonghui.awards import selectors as awards
from gonghui.awards.report import place_name
from gonghui.care.models import Campaign, CampaignUnit, PackageLine
from gonghui.care.selectors import progress
from gonghui.competitions.models import Competition, PrizeTier
from gonghui.competitions.selectors import taking_part
from gonghui.orgs.models import Org

from .numbers import Quantity, write_count


@dataclass
class Draft:
    headline: str
    body: str

    @property
    def text(self) -> str:
        return f"{self.headline}\n\n{self.body}"


def _count(value: int, unit: str) -> str:
    return write_count(Quantity(value=value, unit=unit))


def _when(start: dt.date, end: dt.date | None = None) -> str:
    if end and end != start:
        if end.month == start.month:
            return f"{start.month}月{start.day}日至{end.day}日"
        return f"{start.month}月{start.day}日至{end.month}月{end.day}日"
    return f"{start.month}月{start.day}日"


def _lead(org_name: str, day: str, place: str, verb: str, what: str) -> str:
    where = f"在{place}" if place else ""
    return f"本报讯　{day}，{org_name}{where}{verb}{what}。"


def _listing(items: list[str]) -> str:
    items = [i for i in items if i]
    if len(items) <= 1:
        return "".join(items)
    return "、".join(items[:-1]) + "和" + items[-1]


def activity_draft(activity: Activity) -> Draft:
    title = activity.title
    body = [
        _lead(
            activity.org.name,
            _when(activity.starts_on, activity.ends_on),
            activity.place_text,
            "举办",
            f"“{title}”" if "“" not in title else title,
        )
    ]
    if activity.leaders:
        body.append(f"{activity.leaders}出席活动。")
    sessions = [s.topic for s in activity.sessions.all()]
    if sessions:
        body.append(f"活动围绕{_listing(sessions)}{_count(len(sessions), '个')}方面展开。")
    groups = [g.name for g in activity.groups.all()]
    if groups:
        body.append(f"活动分为{_listing(groups)}等{_count(len(groups), '个')}组进行。")
    if activity.outcomes:
        measures = "、".join(activity.outcomes)
        body.append(f"活动明确了“{measures}”{_count(len(activity.outcomes), '项')}工作措施。")
    reach = reach_of(activity).count
    orgs = activity.participant_orgs_count
    if reach and orgs:
        body.append(f"来自{_count(orgs, '家')}单位的{_count(reach, '名')}职工参加活动。")
    elif reach:
        body.append(f"共{_count(reach, '名')}职工参加活动。")
    if activity.summary:
        body.append(activity.summary)
    return Draft(title, "\n".join(body))


def competition_draft(competition: Competition) -> Draft:
    taking = taking_part(competition.entrants.all())
    people = taking.people or competition.people_counted or 0
    body = [
        _lead(
            competition.org.name,
            _when(competition.starts_on, competition.ends_on),
            competition.place_text,
            "组织开展",
            competition.name,
        )
    ]
    groups = [g.name for g in competition.groups.all() if g.name != competition.name]
    parts = []
    if taking.units:
        parts.append(f"{_count(taking.units, '家')}单位的")
    if people:
        parts.append(f"{_count(people, '名')}职工")
    if taking.teams:
        parts.append(f"组成{_count(taking.teams, '支')}队伍")
    if parts:
        body.append(f"比赛吸引{''.join(parts)}参赛。")
    if groups:
        body.append(f"比赛设{_listing(groups)}{_count(len(groups), '个')}组别。")
    tiers = [
        f"{t.name}{_count(t.count, '名')}"
        for t in PrizeTier.objects.filter(competition=competition)
        if t.count
    ]
    if tiers:
        body.append(f"最终评选出{'、'.join(tiers)}。")
    if competition.description:
        body.append(competition.description)
    return Draft(competition.name, "\n".join(body))


def campaign_draft(campaign: Campaign) -> Draft:
    root = CampaignUnit.objects.filter(campaign=campaign, parent__isnull=True).first()
    body = [_lead(campaign.org.name, _when(campaign.starts_on), "", "启动", campaign.name)]
    if campaign.target_groups:
        body.append(f"活动面向{_listing(campaign.target_groups)}等群体。")
    items = list(
        PackageLine.objects.filter(package__campaign=campaign).values_list("item__name", flat=True).distinct()
    )
    if items:
        body.append(f"每份慰问物资包含{_listing(items)}等用品。")
    if root is not None:
        done = progress(root)
        if done.workers:
            body.append(f"截至目前，已为{_count(done.workers, '名')}职工送去关怀。")
        targets = []
        if root.target_employers:
            targets.append(f"走进{_count(root.target_employers, '家')}企业")
        if root.target_workers:
            targets.append(f"慰问{_count(root.target_workers, '名')}职工")
        if targets:
            body.append(f"活动将持续至{_when(campaign.ends_on)}，计划{'，'.join(targets)}。")
    if campaign.description:
        body.append(campaign.description)
    return Draft(campaign.name, "\n".join(body))


def honours_draft(org: Org, year: int) -> Draft:
    """The honours a subtree holds for a year, in the sentence of report 000-2 ("1家单位荣获全国五一劳动奖状，…")."""
    place = place_name(org)
    lines = awards.summary(org, year)
    if not lines:
        return Draft(f"{place}{year}年获奖情况", f"本报讯　{year}年，{place}暂无登记的获奖集体和个人。")
    total = sum(line.count for line in lines)
    body = [
        f"本报讯　据了解，{year}年，{place}{awards.sentence(lines)}。",
        f"以上共计{_count(total, '项')}荣誉，均已在评选表彰中登记。",
    ]
    return Draft(f"{place}{year}年全国、首都劳动奖获奖情况", "\n".join(body))


def draft_of(record) -> Draft:
    if isinstance(record, Activity):
        return activity_draft(record)
    if isinstance(record, Competition):
        return competition_draft(record)
    if isinstance(record, Campaign):
        return campaign_draft(record)
    raise TypeError(type(record).__name__)


def docx_bytes(headline: str, body: str) -> bytes:
    """The draft as a Word document: the headline bold, one paragraph per line, in 宋体 12 pt."""
    document = Document()
    style = document.styles["Normal"]
    style.font.name = "宋体"
    style.font.size = Pt(12)
    heading = document.add_paragraph()
    run = heading.add_run(headline.strip())
    run.bold = True
    run.font.size = Pt(16)
    for line in body.replace("\r\n", "\n").split("\n"):
        if line.strip():
            document.add_paragraph(line.strip())
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def docx_text(data: bytes) -> str:
    """The text of an uploaded .docx, one paragraph per line (for pasting a report that came as a file)."""
    document = Document(io.BytesIO(data))
    return "\n".join(p.text for p in document.paragraphs)


def summary_draft(
    org_name: str, period_label: str, sentences: list[str], records, *, numbered: str = "一二三四五六七八九十"
) -> Draft:
    """A subtree's 工作简报 for a month or a year: the dashboard's sentences (members, coverage, the modules' work),
    then the period's records by kind, each with its day and its figures."""
    body = ["一、总体情况", *sentences]
    parts = []
    if records.activities:
        parts.append(
            ("活动", [f"{_when(a.starts_on)}，{a.org.name}举办{a.title}" for a in records.activities])
        )
    if records.competitions:
        lines = []
        for c in records.competitions:
            people = c.taking or c.people_counted  # annotated by selectors.period_records
            lines.append(
                f"{_when(c.starts_on)}，{c.org.name}组织开展{c.name}"
                + (f"，{_count(people, '名')}职工参赛" if people else "")
            )
        parts.append(("竞赛", lines))
    if records.campaigns:
        parts.append(
            ("关爱活动", [f"{_when(c.starts_on)}起，{c.org.name}开展{c.name}" for c in records.campaigns])
        )
    for n, (title, lines) in enumerate(parts, start=2):
        body.append(f"{numbered[n - 1]}、{title}")
        body += [f"{i}. {line}。" for i, line in enumerate(lines, start=1)]
    return Draft(f"{org_name}{period_label}工作简报", "\n".join(body))
