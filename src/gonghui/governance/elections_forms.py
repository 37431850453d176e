"""The forms of the elections pages: a new election with its candidates, the attendance, a ballot, the totals,
the scrutineers' signature and the approval above."""

from django import forms

from gonghui.core.forms import DateInput
from gonghui.orgs.models import Org

from .models import CommitteeRole, Congress, ElectionBody, ElectionStatus, ShortfallRule, TallyMode

ROLE_BY_LABEL = {label: value for value, label in CommitteeRole.choices}


class FilterForm(forms.Form):
    status = forms.ChoiceField(
        label="状态", required=False, choices=[("", "全部状态"), *ElectionStatus.choices]
    )
    org = forms.ModelChoiceField(queryset=Org.objects.none(), label="组织（含下级）", required=False)
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
        return {"status": d["status"], "org": d["org"], "year": d["year"], "search": d["q"]}


class ElectionForm(forms.Form):
    org = forms.ModelChoiceField(queryset=Org.objects.none(), label="选举单位", empty_label="请选择")
    congress = forms.ModelChoiceField(
        queryset=Congress.objects.none(),
        label="代表大会",
        required=False,
        empty_label="不在代表大会上（全委会补选等）",
    )
    title = forms.CharField(
        label="选举名称", max_length=200, help_text="如：第三次会员代表大会选举工会委员会"
    )
    body = forms.ChoiceField(label="选举产生", choices=ElectionBody.choices)
    held_on = forms.DateField(label="选举日期", widget=DateInput)
    term_years = forms.TypedChoiceField(label="任期（年）", choices=[(5, "5"), (3, "3")], coerce=int)
    seats = forms.IntegerField(label="应选名额", min_value=1, max_value=200)
    margin_percent = forms.IntegerField(
        label="差额比例不低于（%）",
        min_value=0,
        max_value=100,
        initial=5,
        help_text="候选人多于应选名额，一般5%至20%",
    )
    shortfall_rule = forms.ChoiceField(label="当选不足应选名额时", choices=ShortfallRule.choices)
    mode = forms.ChoiceField(label="计票方式", choices=TallyMode.choices)
    entitled = forms.IntegerField(
        label="应到人数", min_value=0, required=False, help_text="不填则取代表大会的应到代表"
    )
    candidates = forms.CharField(
        label="候选人",
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="每行一人；拟任主席、副主席等职务的，在姓名后空一格写职务，如“王芳 主席”。页面按姓氏笔画排列",
    )

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = Org.objects.restrict(actor, "work.edit").order_by("path")
        self.fields["congress"].queryset = Congress.objects.restrict(actor, "manage").select_related("org")

    def clean_candidates(self):
        rows = []
        for i, line in enumerate(self.cleaned_data["candidates"].splitlines(), start=1):
            parts = line.split()
            if not parts:
                continue
            if len(parts) > 2 or (len(parts) == 2 and parts[1] not in ROLE_BY_LABEL):
                raise forms.ValidationError(f"第{i}行：应为“姓名”或“姓名 职务”（职务如主席、副主席、委员）")
            rows.append((parts[0], ROLE_BY_LABEL[parts[1]] if len(parts) == 2 else ""))
        return rows


class AttendanceForm(forms.Form):
    entitled = forms.IntegerField(label="应到人数", min_value=0)
    present = forms.IntegerField(label="实到人数", min_value=0)
    ballots_issued = forms.IntegerField(label="发出选票", min_value=0)
    ballots_returned = forms.IntegerField(label="收回选票", min_value=0)


class BallotForm(forms.Form):
    """One paper ballot: tick the names marked 同意, write in others (另选他人)."""

    write_ins = forms.CharField(
        label="另选他人", required=False, max_length=200, help_text="多人用顿号“、”隔开"
    )

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["marks"] = forms.TypedMultipleChoiceField(
            label="同意的候选人",
            required=False,
            coerce=int,
            choices=[(c.pk, c.name) for c in candidates],
            widget=forms.CheckboxSelectMultiple,
        )
        self.order_fields(["marks", "write_ins"])

    def write_in_names(self) -> list[str]:
        text = self.cleaned_data.get("write_ins") or ""
        return [n for n in text.replace(",", "、").replace("，", "、").split("、") if n.strip()]


class TotalsForm(forms.Form):
    invalid_ballots = forms.IntegerField(label="无效票", min_value=0, initial=0)

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.candidates = candidates
        for c in candidates:
            self.fields[f"yes_{c.pk}"] = forms.IntegerField(
                label=f"{c.name} 赞成票", min_value=0, initial=c.yes
            )

    def yes(self) -> dict[int, int]:
        return {c.pk: self.cleaned_data[f"yes_{c.pk}"] for c in self.candidates}


class SignForm(forms.Form):
    scrutineers = forms.CharField(
        label="监票人", max_length=200, help_text="监票人姓名，用顿号“、”隔开；签字后计票结果即为最终结果"
    )

    def names(self) -> list[str]:
        return [
            n for n in self.cleaned_data["scrutineers"].replace("，", "、").replace(",", "、").split("、")
        ]


class DecideForm(forms.Form):
    note = forms.CharField(label="批复意见", max_length=300, required=False, help_text="退回时必填")
