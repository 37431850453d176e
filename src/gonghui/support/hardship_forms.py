"""The hardship pages' forms (V3): a household's figures with the separate consent, the member to open a file
for, the reviews, aid granted, the re-review, and the list's filters."""

from django import forms
from django.utils import timezone

from gonghui.core.forms import DateInput, PersonalField
from gonghui.members.identity import DocType
from gonghui.orgs.models import Level, Org

from .hardship_services import CONSENT_TEXT, CONSENT_VERSION, GrantData, HouseholdData
from .models.hardship import FileStatus, GrantKind, HardshipCategory

CONSENT_LABEL = f"本人已阅读并同意《困难职工帮扶敏感个人信息处理告知同意书》（{CONSENT_VERSION}版）"


class HouseholdForm(forms.Form):
    household_size = forms.IntegerField(label="家庭人口（人）", min_value=1, max_value=30)
    income = forms.IntegerField(
        label="家庭月收入（元）", min_value=0, max_value=10_000_000, help_text="家庭成员月收入合计，取整数元"
    )
    category = forms.ChoiceField(label="困难类别", choices=HardshipCategory.choices)
    reasons = forms.CharField(
        label="致困原因",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="如患病、残疾、失业、意外等",
    )
    evidence = forms.CharField(
        label="证明材料",
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="材料名称，每行一项（如：医院诊断证明、低保证明）",
    )
    consent = forms.BooleanField(label=CONSENT_LABEL, required=False, help_text=CONSENT_TEXT)

    def household(self) -> HouseholdData:
        d = self.cleaned_data
        return HouseholdData(
            household_size=d["household_size"],
            income_yuan=d["income"],
            category=d["category"],
            reasons=d["reasons"],
            evidence=d.get("evidence", ""),
        )


class NewFileForm(HouseholdForm):
    number = forms.CharField(
        label="会员证号", max_length=24, required=False, help_text="填会员证号或证件号码之一"
    )
    doc_type = forms.ChoiceField(label="证件类型", choices=DocType.choices, initial=DocType.RIC)
    id_number = PersonalField(label="证件号码", max_length=30, required=False)
    submit = forms.BooleanField(label="保存后直接提交审核", required=False)

    field_order = ["number", "doc_type", "id_number"]


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label="审核结论", choices=[("approve", "通过"), ("return", "退回")], widget=forms.RadioSelect
    )
    reason = forms.CharField(label="审核意见 / 退回原因", max_length=300)


class GrantForm(forms.Form):
    given_on = forms.DateField(label="发放日期", widget=DateInput)
    kind = forms.ChoiceField(label="帮扶方式", choices=GrantKind.choices)
    amount_yuan = forms.IntegerField(
        label="金额（元）", min_value=0, required=False, help_text="资金帮扶必填"
    )
    goods = forms.CharField(
        label="物资", max_length=200, required=False, help_text="物资帮扶必填，如：米面油一套"
    )
    campaign = forms.CharField(
        label="帮扶活动", max_length=100, required=False, help_text="如：2026年冬送温暖"
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["given_on"].initial = timezone.localdate()

    def grant(self) -> GrantData:
        d = self.cleaned_data
        return GrantData(
            given_on=d["given_on"],
            kind=d["kind"],
            amount_yuan=d.get("amount_yuan") or 0,
            goods=d.get("goods", ""),
            campaign=d.get("campaign", ""),
        )


class RereviewForm(forms.Form):
    decision = forms.ChoiceField(
        label="复审结论", choices=[("renew", "继续认定一年"), ("close", "销档")], widget=forms.RadioSelect
    )
    reason = forms.CharField(label="复审意见", max_length=300)


class WithdrawForm(forms.Form):
    reason = forms.CharField(label="撤回原因", max_length=300)
    erase = forms.BooleanField(
        label="本人撤回同意：同时删除家庭收入和致困原因", required=False, help_text="删除后不可恢复"
    )


class LineForm(forms.Form):
    org = forms.ModelChoiceField(queryset=Org.objects.none(), label="设定单位", empty_label=None)
    region_code = forms.CharField(
        label="地区代码", max_length=6, min_length=6, help_text="6位行政区划代码，如 110000、110105"
    )
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    monthly_line = forms.IntegerField(label="月人均收入标准（元）", min_value=1)

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        # only a city's 帮扶专员 keeps the lines: a handler lower down sees the form not at all
        self.cities = Org.objects.restrict(actor, "hardship.handle").filter(level=Level.CITY)
        self.fields["org"].queryset = self.cities  # type: ignore[attr-defined]


class FilterForm(forms.Form):
    status = forms.ChoiceField(label="状态", required=False, choices=[("", "全部"), *FileStatus.choices])
    category = forms.ChoiceField(
        label="类别", required=False, choices=[("", "全部"), *HardshipCategory.choices]
    )
    org = forms.ModelChoiceField(queryset=Org.objects.none(), label="工会（含下级）", required=False)
    year = forms.IntegerField(label="提交年度", required=False, min_value=2000, max_value=2100)
    due = forms.ChoiceField(
        label="复审",
        required=False,
        choices=[("", "全部"), ("soon", "30天内到期"), ("overdue", "已逾期")],
    )
    q = forms.CharField(label="会员证号或姓氏", required=False, max_length=50)

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = (
            Org.objects.restrict(actor, "hardship.handle").filter(depth__lte=4).order_by("path")
        )
        self.fields["org"].empty_label = "全部"

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        d = self.cleaned_data
        return {
            "status": d["status"],
            "category": d["category"],
            "org": d["org"],
            "year": d["year"],
            "due": d["due"],
            "search": d["q"],
        }
