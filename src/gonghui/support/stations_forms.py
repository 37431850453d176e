"""The stations part's forms: list filters, a provider, a pairing, a shift and a weekly pattern, a consultation
with its materials (one per line: 名称 份数), a screening visit, a risk and its follow-up."""

import re

from django import forms

from gonghui.core.forms import DateInput, PersonalField
from gonghui.orgs.models import Employer, Org, Place

from .models import Channel, Outcome, Provider, ProviderKind, RiskKind, RiskLevel, Topic
from .stations_services import WEEKDAYS, ConsultationData


def _orgs(actor, perm: str = "view"):
    return Org.objects.restrict(actor, perm).filter(depth__lte=3).order_by("path")


def _year(value) -> int | None:
    return value or None


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs=None, format=None):
        super().__init__(attrs, format=format or "%H:%M")


# ---- providers ----------------------------------------------------------------------------------------------------


class ProviderFilterForm(forms.Form):
    kind = forms.ChoiceField(label="类别", required=False, choices=[("", "全部类别"), *ProviderKind.choices])
    org = forms.ModelChoiceField(queryset=Org.objects.none(), label="登记单位（含下级）", required=False)
    active = forms.ChoiceField(
        label="状态", required=False, choices=[("", "全部"), ("1", "在册"), ("0", "已退出")]
    )
    q = forms.CharField(label="搜索", required=False, max_length=100, help_text="姓名、执业机构或执业证号")

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = _orgs(actor)
        self.fields["org"].empty_label = "全部"

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        d = self.cleaned_data
        return {"kind": d["kind"], "org": d["org"], "active": d["active"], "search": d["q"]}


class ProviderForm(forms.Form):
    org = forms.ModelChoiceField(queryset=Org.objects.none(), label="登记单位", empty_label="请选择")
    name = forms.CharField(label="姓名", max_length=60)
    kind = forms.ChoiceField(label="类别", choices=ProviderKind.choices)
    firm = forms.CharField(label="执业机构", max_length=120, required=False, help_text="律师事务所、医院等")
    licence = forms.CharField(label="执业证号", max_length=40, required=False)
    availability = forms.CharField(
        label="可服务时间", max_length=200, required=False, help_text="如：每周二、四下午"
    )

    def __init__(self, *args, actor, provider: Provider | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = _orgs(actor, "work.edit")
        if provider is not None:
            del self.fields["org"]


class PairingForm(forms.Form):
    place = forms.ModelChoiceField(queryset=Place.objects.none(), label="服务站", empty_label="请选择")
    starts_on = forms.DateField(label="对接开始日期", widget=DateInput)
    ends_on = forms.DateField(
        label="对接结束日期", required=False, widget=DateInput, help_text="长期对接不填"
    )
    note = forms.CharField(label="备注", max_length=200, required=False)

    def __init__(self, *args, actor, provider: Provider, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["place"].queryset = (
            Place.objects.restrict(actor, "view").in_subtree(provider.org).order_by("name")
        )


class ShiftForm(forms.Form):
    date = forms.DateField(label="值班日期", widget=DateInput)
    starts_at = forms.TimeField(label="开始时间", widget=TimeInput)
    ends_at = forms.TimeField(label="结束时间", widget=TimeInput)


class PatternForm(forms.Form):
    weekday = forms.TypedChoiceField(
        label="每周", coerce=int, choices=[(str(i), w) for i, w in enumerate(WEEKDAYS)]
    )
    first = forms.DateField(label="自", widget=DateInput)
    last = forms.DateField(label="至", widget=DateInput)
    starts_at = forms.TimeField(label="开始时间", widget=TimeInput)
    ends_at = forms.TimeField(label="结束时间", widget=TimeInput)


class RetireForm(forms.Form):
    reason = forms.CharField(label="退出原因", max_length=200, required=False)


# ---- consultations ------------------------------------------------------------------------------------------------


class ConsultationFilterForm(forms.Form):
    topic = forms.ChoiceField(label="咨询事项", required=False, choices=[("", "全部"), *Topic.choices])
    channel = forms.ChoiceField(label="咨询方式", required=False, choices=[("", "全部"), *Channel.choices])
    org = forms.ModelChoiceField(queryset=Org.objects.none(), label="登记单位（含下级）", required=False)
    place = forms.ModelChoiceField(queryset=Place.objects.none(), label="服务站", required=False)
    year = forms.IntegerField(label="年度", required=False, min_value=2000, max_value=2100)
    q = forms.CharField(
        label="搜索", required=False, max_length=100, help_text="服务站、律师、转介去向或会员证号"
    )

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = _orgs(actor)
        self.fields["org"].empty_label = "全部"
        self.fields["place"].queryset = Place.objects.restrict(actor, "view").order_by("name")
        self.fields["place"].empty_label = "全部"

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        d = self.cleaned_data
        return {
            "topic": d["topic"],
            "channel": d["channel"],
            "org": d["org"],
            "place": d["place"],
            "year": _year(d["year"]),
            "search": d["q"],
        }


MATERIAL_LINE = re.compile(r"^(?P<item>.+?)[\s,，:：]+(?P<n>\d+)\s*份?$")


def material_lines(text: str) -> list[tuple[str, int]]:
    """ "劳动合同法宣传册 20" (or "…，20份") per line; a line with no count is refused by naming it."""
    out = []
    for i, line in enumerate((text or "").splitlines(), start=1):
        line = line.strip()
        if not line:
            continue
        m = MATERIAL_LINE.match(line)
        if not m:
            raise forms.ValidationError(f"第{i}行“{line}”须写成：材料名称 份数")
        out.append((m["item"].strip(), int(m["n"])))
    return out


class ConsultationForm(forms.Form):
    org = forms.ModelChoiceField(queryset=Org.objects.none(), label="登记单位", empty_label="请选择")
    date = forms.DateField(label="咨询日期", widget=DateInput)
    channel = forms.ChoiceField(label="咨询方式", choices=Channel.choices)
    place = forms.ModelChoiceField(
        queryset=Place.objects.none(), label="服务站", required=False, help_text="在服务站接待的必填"
    )
    topic = forms.ChoiceField(label="咨询事项", choices=Topic.choices)
    provider = forms.ModelChoiceField(queryset=Provider.objects.none(), label="接待律师", required=False)
    member_number = forms.CharField(label="会员证号", max_length=24, required=False)
    id_number = PersonalField(
        label="证件号码", max_length=24, required=False, help_text="非会员可填；只保存加密后的查找码和掩码"
    )
    summary = forms.CharField(
        label="咨询问题和解答要点",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="加密保存，只在详情页显示，每次查看留痕",
    )
    outcome = forms.ChoiceField(label="处理结果", choices=Outcome.choices)
    referral = forms.CharField(label="转介去向", max_length=200, required=False)
    materials = forms.CharField(
        label="发放材料",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="每行一项：材料名称 份数，如：劳动合同法宣传册 2",
    )

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = _orgs(actor, "work.edit")
        self.fields["place"].queryset = Place.objects.restrict(actor, "view").order_by("name")
        self.fields["provider"].queryset = Provider.objects.restrict(actor, "view").filter(is_active=True)

    def clean_materials(self):
        return material_lines(self.cleaned_data["materials"])

    def data_for_service(self) -> ConsultationData:
        d = self.cleaned_data
        return ConsultationData(
            org=d["org"],
            date=d["date"],
            channel=d["channel"],
            topic=d["topic"],
            outcome=d["outcome"],
            summary=d["summary"],
            place=d["place"],
            provider=d["provider"],
            member_number=d["member_number"],
            id_number=d["id_number"],
            referral=d["referral"],
            materials=d["materials"],
        )


# ---- dispute screening --------------------------------------------------------------------------------------------


class ScreeningFilterForm(forms.Form):
    org = forms.ModelChoiceField(queryset=Org.objects.none(), label="走访单位（含下级）", required=False)
    year = forms.IntegerField(label="年度", required=False, min_value=2000, max_value=2100)
    open = forms.BooleanField(label="只看待化解的较大以上风险", required=False)
    q = forms.CharField(label="搜索", required=False, max_length=100, help_text="用人单位或走访人员")

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = _orgs(actor)
        self.fields["org"].empty_label = "全部"

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        d = self.cleaned_data
        return {"org": d["org"], "year": _year(d["year"]), "open_only": d["open"], "search": d["q"]}


class ScreeningForm(forms.Form):
    org = forms.ModelChoiceField(queryset=Org.objects.none(), label="走访单位", empty_label="请选择")
    employer = forms.ModelChoiceField(
        queryset=Employer.objects.none(), label="用人单位", empty_label="请选择"
    )
    date = forms.DateField(label="走访日期", widget=DateInput)
    visitors = forms.CharField(label="走访人员", max_length=200)
    notes = forms.CharField(label="走访情况", required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = _orgs(actor, "work.edit")
        self.fields["employer"].queryset = Employer.objects.restrict(actor, "view").order_by("name")


class RiskForm(forms.Form):
    kind = forms.ChoiceField(label="风险类别", choices=RiskKind.choices)
    level = forms.ChoiceField(label="风险等级", choices=RiskLevel.choices)
    description = forms.CharField(label="风险描述", max_length=500, widget=forms.Textarea(attrs={"rows": 2}))


class FollowUpForm(forms.Form):
    risk = forms.IntegerField(widget=forms.HiddenInput)
    follow_up = forms.CharField(label="跟进情况", widget=forms.Textarea(attrs={"rows": 2}))
    resolved_on = forms.DateField(
        label="化解日期", required=False, widget=DateInput, help_text="尚未化解不填"
    )
