"""The competitions' forms: filters of the list, a new competition with its groups, prize tiers and stages written
one per line, and an entrant."""

import re

from django import forms

from gonghui.core.forms import DateInput
from gonghui.orgs.fields import OrgChoices
from gonghui.orgs.models import Org, Status

from .models import CompetitionKind, EntrantKind, Format, Group, TieRule
from .services import CompetitionData, StageData, TierData

FORMAT_WORDS = {label.split("（")[0]: value for value, label in Format.choices} | {
    "评分": Format.JUDGED,
    "打分": Format.JUDGED,
    "循环": Format.LEAGUE,
    "小组赛": Format.LEAGUE,
    "淘汰": Format.KNOCKOUT,
    "计时": Format.HEATS,
    "预决赛": Format.HEATS,
    "作品": Format.PHOTO,
    "投票": Format.PHOTO,
}


def lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class FilterForm(forms.Form):
    kind = forms.ChoiceField(
        label="类别", required=False, choices=[("", "全部类别"), *CompetitionKind.choices]
    )
    org = forms.ModelChoiceField(queryset=Org.objects.none(), label="主办单位（含下级）", required=False)
    year = forms.IntegerField(label="年度", required=False, min_value=2000, max_value=2100)
    q = forms.CharField(label="搜索", required=False, max_length=100)

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = (
            Org.objects.restrict(actor, "view").filter(depth__lte=3).order_by("path")
        )
        self.fields["org"].empty_label = "全部"

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        d = self.cleaned_data
        return {"kind": d["kind"], "org": d["org"], "year": d["year"], "search": d["q"]}


class CompetitionForm(forms.Form):
    org = forms.ModelChoiceField(queryset=Org.objects.none(), label="主办单位", empty_label="请选择")
    kind = forms.ChoiceField(label="竞赛类别", choices=CompetitionKind.choices)
    name = forms.CharField(label="竞赛名称", max_length=200)
    starts_on = forms.DateField(label="开始日期", widget=DateInput)
    ends_on = forms.DateField(label="结束日期", required=False, widget=DateInput, help_text="一天的比赛不填")
    backdate_reason = forms.CharField(label="补录原因", max_length=200, required=False)
    place_text = forms.CharField(label="地点", max_length=200, required=False)
    co_organisers = OrgChoices(
        queryset=Org.objects.none(),
        label="协办单位",
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 5}),
        help_text="可多选（按住 Ctrl 键点选）；列出您管辖范围内的工会组织",
    )
    entrant_kind = forms.ChoiceField(label="参赛形式", choices=EntrantKind.choices)
    unit_cap = forms.IntegerField(label="每单位限报", required=False, min_value=1, help_text="不填不限")
    member_signup = forms.BooleanField(
        label="会员可在手机上报名（个人赛）",
        required=False,
        help_text="本单位及下级工会的会员在电子会员证页面报名",
    )
    groups = forms.CharField(
        label="组别",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="每行一个，如：男子组；不分组不填",
    )
    stages = forms.CharField(
        label="比赛阶段",
        widget=forms.Textarea(attrs={"rows": 3}),
        initial="决赛 评分",
        help_text="每行一个阶段：名称 赛制 每组晋级数，如“小组赛 循环 2”“决赛 淘汰”；赛制：评分、循环、淘汰、计时、作品",
    )
    tiers = forms.CharField(
        label="奖项",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        initial="一等奖 1\n二等奖 2\n三等奖 3",
        help_text="每行一个：奖项 名额，或 奖项 比例%，如“优秀奖 20%”；不写名额的（如参与奖）放在最后",
    )
    tie_rule = forms.ChoiceField(label="获奖边界并列", choices=TieRule.choices)
    people_counted = forms.IntegerField(
        label="参与职工人数（报送）", required=False, min_value=1, help_text="报送人数多于登记名单时填写"
    )
    description = forms.CharField(label="竞赛说明", required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = (
            Org.objects.restrict(actor, "work.edit").exclude(status=Status.DISSOLVED).order_by("path")
        )
        self.fields["co_organisers"].queryset = (
            Org.objects.restrict(actor, "view")
            .exclude(status=Status.DISSOLVED)
            .select_related("parent")
            .order_by("path")
        )

    def clean_stages(self) -> list[StageData]:
        stages = []
        for i, line in enumerate(lines(self.cleaned_data["stages"]), start=1):
            parts = line.split()
            advance = int(parts.pop()) if len(parts) >= 3 and parts[-1].isdigit() else None
            if len(parts) < 2 or parts[-1] not in FORMAT_WORDS:
                raise forms.ValidationError(
                    f"第{i}行“{line}”：请写成“名称 赛制”，赛制为评分、循环、淘汰、计时或作品"
                )
            stages.append(
                StageData(name=" ".join(parts[:-1]), format=FORMAT_WORDS[parts[-1]], advance=advance)
            )
        return stages

    def clean_tiers(self) -> list[TierData]:
        tiers = []
        for i, line in enumerate(lines(self.cleaned_data["tiers"]), start=1):
            m = re.fullmatch(r"(.+?)\s*(?:(\d+)\s*(%|％|名)?)?", line)
            if m is None or not m.group(1).strip():
                raise forms.ValidationError(f"第{i}行“{line}”：请写成“奖项 名额”")
            name, number, unit = m.group(1).strip(), m.group(2), m.group(3)
            if number is None:
                tiers.append(TierData(name))
            elif unit in ("%", "％"):
                tiers.append(TierData(name, share=int(number)))
            else:
                tiers.append(TierData(name, count=int(number)))
        return tiers

    def data_for_service(self) -> CompetitionData:
        d = self.cleaned_data
        return CompetitionData(
            org=d["org"],
            kind=d["kind"],
            name=d["name"],
            starts_on=d["starts_on"],
            ends_on=d["ends_on"],
            place_text=d["place_text"],
            co_organisers=list(d["co_organisers"]),
            entrant_kind=d["entrant_kind"],
            unit_cap=d["unit_cap"],
            member_signup=d["member_signup"],
            tie_rule=d["tie_rule"],
            description=d["description"],
            people_counted=d["people_counted"],
            groups=lines(d["groups"]),
            tiers=d["tiers"],
            stages=d["stages"],
            backdate_reason=d["backdate_reason"],
        )


class EntrantForm(forms.Form):
    """An entrant: a member by member number, or a name; the unit(s) they come from; a team's people."""

    prefix = "entrant"

    group = forms.ModelChoiceField(queryset=Group.objects.none(), label="组别", empty_label=None)
    number = forms.CharField(label="会员证号", max_length=24, required=False, help_text="会员填写")
    name = forms.CharField(label="姓名/队名", max_length=100, required=False)
    units = forms.CharField(label="所在单位", max_length=400, help_text="联队可写多个，用“、”分隔")
    people = forms.IntegerField(
        label="人数", min_value=1, initial=1, required=False, help_text="队伍的参赛人数"
    )
    bib = forms.CharField(label="参赛编号", max_length=20, required=False)

    def __init__(self, *args, competition, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = competition.groups.all()
        if competition.entrant_kind == EntrantKind.PERSON:
            del self.fields["people"]
        else:
            del self.fields["number"]

    def clean(self):
        d = super().clean()
        if not (d.get("number") or "").strip() and not (d.get("name") or "").strip():
            self.add_error("name", "请填写会员证号或姓名")
        return d


class VoidForm(forms.Form):
    reason = forms.CharField(label="作废原因", max_length=200)


class StatusForm(forms.Form):
    reason = forms.CharField(label="原因", max_length=200)
