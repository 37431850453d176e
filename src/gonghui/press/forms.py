"""The forms of the report pages: the paste form, and one confirm form per kind of record, pre-filled from what the
reader proposes. Every field keeps the reader's sentence and confidence beside it (`rows`)."""

import datetime as dt
import json
import re

from django import forms

from gonghui.activities.forms import lines
from gonghui.activities.models import ActivityKind, Approx
from gonghui.care.models import CampaignKind, SupplyItem
from gonghui.competitions.models import CompetitionKind, EntrantKind, Format
from gonghui.core.api import MAX_ID, MAX_INT
from gonghui.core.forms import DateInput
from gonghui.governance.models import PlanKind
from gonghui.organising.models.pipeline import EventKind
from gonghui.orgs.models import Level, Org

from . import services
from .models import Clipping
from .numbers import read_number
from .reader import Found, Proposal, Quoted
from .services import Report

MAX_TEXT = 200_000
MAX_UPLOAD = 5 * 1024 * 1024


def _area(rows: int = 3) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


class PasteForm(forms.Form):
    text = forms.CharField(
        label="报道原文",
        required=False,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 14, "placeholder": "粘贴一篇或多篇“本报讯”报道，含标题"}),
    )
    upload = forms.FileField(label="或上传文件（文本文件或 Word 文档）", required=False)
    reported_on = forms.DateField(
        label="报道日期", widget=DateInput(), help_text="“近日”“今年3月以来”等按此日期推算"
    )

    def clean_upload(self):
        upload = self.cleaned_data.get("upload")
        if upload is None:
            return None
        if upload.size > MAX_UPLOAD:
            raise forms.ValidationError("文件不能超过5MB")
        if not re.search(r"\.(txt|docx)$", upload.name, re.I):
            raise forms.ValidationError("只能上传文本文件（.txt）或 Word 文档（.docx）")
        return upload

    def clean(self):
        data = super().clean()
        if not (data.get("text") or "").strip() and not data.get("upload") and not self.errors:
            raise forms.ValidationError("请粘贴报道原文，或上传文本文件（.txt）或 Word 文档（.docx）")
        return data


class SummaryForm(forms.Form):
    org = forms.IntegerField(
        label="组织", required=False, min_value=1, max_value=MAX_ID, widget=forms.HiddenInput
    )
    period = forms.ChoiceField(
        label="期间",
        choices=[("month", "月度"), ("quarter", "季度"), ("year", "年度")],
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    on = forms.DateField(label="截至", widget=DateInput(attrs={"class": "form-control"}))


def _quoted(raw: str) -> list[Quoted]:
    """The report's figures carried through the confirm form; anything malformed is refused by name."""
    try:
        rows = json.loads(raw or "[]")
        return [
            Quoted(
                key=str(r["key"])[:60],
                label=str(r["label"])[:40],
                value=int(r["value"]),
                unit=str(r["unit"])[:6],
                approx=str(r.get("approx", ""))[:8],
                text=str(r.get("text", ""))[:40],
                sentence=str(r.get("sentence", ""))[:400],
                upper=int(r["upper"]) if r.get("upper") is not None else None,
            )
            for r in rows
        ]
    except (ValueError, TypeError, KeyError) as exc:
        raise forms.ValidationError("报道数字的格式不对，请重新粘贴报道") from exc


class ConfirmForm(forms.Form):
    """What every confirm form carries: the article (hidden), the report's figures, and the organiser."""

    headline = forms.CharField(widget=forms.HiddenInput, max_length=300)
    body = forms.CharField(widget=forms.HiddenInput, max_length=MAX_TEXT)
    reported_on = forms.DateField(widget=forms.HiddenInput)
    quoted = forms.CharField(widget=forms.HiddenInput, required=False)
    # the scope check names the refusal (clean_org)
    org = forms.IntegerField(label="主办单位", widget=forms.Select, min_value=1, max_value=MAX_ID)

    kind_name = ""
    service = ""  # the confirm service of press.services this form's values go to
    LINES: tuple[str, ...] = ()  # fields written one item per line, handed on as lists
    CARRIED = ("headline", "body", "reported_on", "quoted")

    def __init__(self, *args, actor, choices: list[Org], **kwargs):
        super().__init__(*args, **kwargs)
        self.actor = actor
        self.fields["org"].widget.choices = [(o.pk, o.name) for o in choices]

    def clean_quoted(self):
        return _quoted(self.cleaned_data.get("quoted", ""))

    def clean_org(self):
        pk = self.cleaned_data["org"]
        org = Org.objects.restrict(self.actor, "view").filter(pk=pk).first()
        if org is None:
            raise forms.ValidationError("未找到该组织（只能选择您管辖范围内的组织）")
        return org

    def report(self) -> Report:
        d = self.cleaned_data
        return Report(headline=d["headline"], body=d["body"], reported_on=d["reported_on"])

    def confirm(self) -> Clipping:
        """Through the module's service, with every field as the cadre confirmed it."""
        values = {name: self.cleaned_data[name] for name in self.fields if name not in self.CARRIED}
        values |= {name: lines(values[name]) for name in self.LINES}
        confirm = getattr(services, self.service)
        return confirm(actor=self.actor, report=self.report(), quoted=self.cleaned_data["quoted"], **values)

    @classmethod
    def initial_from(cls, proposal: Proposal, report: Report) -> dict:
        initial = {
            "headline": report.headline,
            "body": report.body,
            "reported_on": report.reported_on,
            "quoted": json.dumps([q.__dict__ for q in proposal.quoted], ensure_ascii=False),
        }
        for name, found in proposal.fields.items():
            if name in cls.base_fields:
                initial[name] = cls.shown(name, found.value)
        return initial

    @staticmethod
    def shown(name: str, value):
        if isinstance(value, list):
            return "\n".join(" ".join(str(v) for v in x) if isinstance(x, list) else str(x) for x in value)
        if isinstance(value, dt.date):
            return value
        return value


class ActivityConfirm(ConfirmForm):
    kind_name = "activity"
    service = "confirm_activity"
    LINES = ("sessions", "groups", "outcomes", "participants")
    kind = forms.ModelChoiceField(
        ActivityKind.objects.filter(is_active=True), label="活动类型", to_field_name="code"
    )
    title = forms.CharField(label="活动名称", max_length=200)
    starts_on = forms.DateField(label="开始日期", widget=DateInput())
    ends_on = forms.DateField(label="结束日期", required=False, widget=DateInput())
    place_text = forms.CharField(label="地点", required=False, max_length=200)
    leaders = forms.CharField(label="出席领导", required=False, widget=_area(2))
    reach = forms.IntegerField(label="参加人数（人次）", required=False, min_value=0, max_value=MAX_INT)
    participant_orgs_count = forms.IntegerField(
        label="参加单位数", required=False, min_value=0, max_value=MAX_INT
    )
    participant_orgs_approx = forms.ChoiceField(
        label="单位数的精确程度", required=False, choices=Approx.choices
    )
    sessions = forms.CharField(label="专题（每行一个）", required=False, widget=_area())
    groups = forms.CharField(label="分组（每行一个）", required=False, widget=_area())
    outcomes = forms.CharField(label="成果、措施（每行一项）", required=False, widget=_area())
    participants = forms.CharField(label="参加单位（每行一个）", required=False, widget=_area())
    summary = forms.CharField(label="内容摘要", required=False, widget=_area())


def _tiers(text: str) -> list[tuple[str, int]]:
    out = []
    for n, line in enumerate(lines(text), start=1):
        m = re.fullmatch(r"(\S+?)\s*[：:\s]\s*(\S+?)\s*(?:名|个|人|支|项)?", line)
        count = read_number(m[2]) if m else None
        if m is None or count is None or count > MAX_INT:
            raise forms.ValidationError(f"第{n}行“{line}”：请写成“一等奖 1”")
        out.append((m[1], count))
    return out


class CompetitionConfirm(ConfirmForm):
    kind_name = "competition"
    service = "confirm_competition"
    LINES = ("groups",)
    kind = forms.ChoiceField(label="竞赛类别", choices=CompetitionKind.choices)
    name = forms.CharField(label="竞赛名称", max_length=200)
    starts_on = forms.DateField(label="开始日期", widget=DateInput())
    ends_on = forms.DateField(label="结束日期", required=False, widget=DateInput())
    place_text = forms.CharField(label="地点", required=False, max_length=200)
    stage_format = forms.ChoiceField(label="赛制", choices=Format.choices, initial=Format.JUDGED)
    entrant_kind = forms.ChoiceField(
        label="参赛形式", choices=EntrantKind.choices, initial=EntrantKind.PERSON
    )
    people_counted = forms.IntegerField(
        label="参赛职工（人）", required=False, min_value=0, max_value=MAX_INT
    )
    groups = forms.CharField(label="组别（每行一个）", required=False, widget=_area())
    tiers = forms.CharField(label="奖项与名额（每行一项，如“一等奖 1”）", required=False, widget=_area())
    description = forms.CharField(label="说明", required=False, widget=_area())

    def clean_tiers(self):
        return _tiers(self.cleaned_data.get("tiers", ""))


class CampaignConfirm(ConfirmForm):
    kind_name = "campaign"
    service = "confirm_campaign"
    LINES = ("target_groups",)
    kind = forms.ModelChoiceField(CampaignKind.objects.all(), label="活动类型", to_field_name="name")
    name = forms.CharField(label="活动名称", max_length=200)
    starts_on = forms.DateField(label="开始日期", widget=DateInput())
    ends_on = forms.DateField(label="结束日期", widget=DateInput())
    target_employers = forms.IntegerField(
        label="目标企业（家）", required=False, min_value=0, max_value=MAX_INT
    )
    target_workers = forms.IntegerField(
        label="目标职工（人）", required=False, min_value=0, max_value=MAX_INT
    )
    target_groups = forms.CharField(label="慰问群体（每行一个）", required=False, widget=_area())
    items = forms.CharField(label="每份物资（每行一种）", required=False, widget=_area())
    description = forms.CharField(label="说明", required=False, widget=_area())

    def clean_items(self):
        names = lines(self.cleaned_data.get("items", ""))
        known = {i.name: i for i in SupplyItem.objects.filter(name__in=names)}
        missing = [n for n in names if n not in known]
        if missing:
            raise forms.ValidationError(
                f"物资目录中没有：{'、'.join(missing)}（请先在关爱物资目录中添加，或删去）"
            )
        return [known[n] for n in names]


class PlanConfirm(ConfirmForm):
    kind_name = "plan"
    service = "confirm_plan"
    LINES = ("items",)
    kind = forms.ChoiceField(label="计划类别", choices=PlanKind.choices)
    title = forms.CharField(label="计划名称", max_length=200)
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    starts_on = forms.DateField(label="开始日期", widget=DateInput())
    ends_on = forms.DateField(label="结束日期", widget=DateInput())
    items = forms.CharField(label="条目（每行一项）", required=False, widget=_area(6))


class StallConfirm(ConfirmForm):
    kind_name = "stall"
    service = "confirm_stall"
    kind = forms.ChoiceField(label="形式", choices=EventKind.choices)
    title = forms.CharField(label="活动名称", max_length=120)
    on = forms.DateField(label="日期", widget=DateInput())
    place = forms.CharField(label="地点", required=False, max_length=120)
    note = forms.CharField(label="情况", required=False, widget=_area())


class HonoursConfirm(ConfirmForm):
    kind_name = "honours"
    service = "confirm_honours"
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)


CONFIRMS: dict[str, type[ConfirmForm]] = {
    f.kind_name: f
    for f in (ActivityConfirm, CompetitionConfirm, CampaignConfirm, PlanConfirm, StallConfirm, HonoursConfirm)
}


def rows(form: ConfirmForm, proposal: Proposal | None) -> list[tuple[forms.BoundField, Found | None]]:
    """Each visible field with what the reader found for it (its sentence and confidence), for the template."""
    found = proposal.fields if proposal else {}
    return [(field, found.get(field.name)) for field in form.visible_fields()]


class NewOrgForm(forms.Form):
    headline = forms.CharField(widget=forms.HiddenInput, max_length=300)
    reported_on = forms.DateField(widget=forms.HiddenInput)
    name = forms.CharField(label="组织名称", max_length=200)
    level = forms.ChoiceField(
        label="层级",
        choices=[(v, label) for v, label in Level.choices if v in (Level.STREET, Level.DISTRICT, Level.BASE)],
    )
    parent = forms.IntegerField(label="上级组织", min_value=1, max_value=MAX_ID)

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.actor = actor

    def clean_parent(self):
        org = Org.objects.restrict(self.actor, "manage").filter(pk=self.cleaned_data["parent"]).first()
        if org is None:
            raise forms.ValidationError("未找到上级组织（只能在您可管理的组织下新建）")
        return org
