"""The cases' forms: the list's filters, intake, a party, clearing a conflict, assigning a lawyer, a timeline step,
closing, and the reason for a full view."""

from django import forms

from gonghui.core.forms import DateInput, PersonalField
from gonghui.members.identity import DocType
from gonghui.orgs.models import Org

from .models import Provider
from .models.base import LAWYER_KINDS
from .models.cases import RECORDED_STAGES, CaseResult, CaseStatus, ClaimKind, PartyKind, PartySide

DUE_CHOICES = [("", "全部"), ("soon", "5个工作日内到期"), ("overdue", "已逾期")]


class CaseFilterForm(forms.Form):
    status = forms.ChoiceField(label="状态", required=False, choices=[("", "全部"), *CaseStatus.choices])
    claim_kind = forms.ChoiceField(
        label="请求类别", required=False, choices=[("", "全部"), *ClaimKind.choices]
    )
    org = forms.ModelChoiceField(queryset=Org.objects.none(), label="组织（含下级）", required=False)
    year = forms.IntegerField(label="年度", required=False, min_value=2000, max_value=2100)
    lawyer = forms.ModelChoiceField(queryset=Provider.objects.none(), label="承办律师", required=False)
    due = forms.ChoiceField(label="期限", required=False, choices=DUE_CHOICES)
    q = forms.CharField(label="案件编号", required=False, max_length=40)

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = (
            Org.objects.restrict(actor, "view").filter(depth__lte=3).order_by("path")
        )
        self.fields["org"].empty_label = "全部"
        self.fields["lawyer"].queryset = Provider.objects.restrict(actor, "view").filter(
            kind__in=LAWYER_KINDS
        )
        self.fields["lawyer"].empty_label = "全部"

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        d = self.cleaned_data
        return {
            "status": d["status"],
            "claim_kind": d["claim_kind"],
            "org": d["org"],
            "year": d["year"],
            "lawyer": d["lawyer"],
            "due": d["due"],
            "search": d["q"],
        }


class CaseForm(forms.Form):
    org = forms.ModelChoiceField(queryset=Org.objects.none(), label="受理单位", empty_label="请选择")
    intake_date = forms.DateField(label="受理日期", widget=DateInput)
    member_number = forms.CharField(
        label="会员证号", required=False, max_length=24, help_text="会员填会员证号，或填证件号码"
    )
    doc_type = forms.ChoiceField(label="证件类型", choices=DocType.choices, initial=DocType.RIC)
    id_number = PersonalField(label="证件号码", required=False, max_length=24)
    applicant_name = forms.CharField(label="申请人姓名（非会员）", required=False, max_length=50)
    employer_name = forms.CharField(label="用人单位", required=False, max_length=200)
    claim_kind = forms.ChoiceField(label="请求类别", choices=ClaimKind.choices)
    facts = forms.CharField(
        label="案情",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        help_text="加密保存，仅授权人员可查看",
    )
    is_migrant = forms.BooleanField(label="农民工", required=False)
    is_low_income = forms.BooleanField(label="低收入", required=False)
    eligibility_override = forms.CharField(
        label="不符合援助条件时受理的理由",
        required=False,
        max_length=300,
        help_text="申请人不是会员、农民工或低收入职工时必填",
    )
    opposing_org = forms.CharField(
        label="对方单位", required=False, max_length=200, help_text="不填时用用人单位"
    )
    opposing_person = forms.CharField(label="对方个人", required=False, max_length=50)
    opposing_id_number = PersonalField(label="对方个人证件号码（居民身份证）", required=False, max_length=24)

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = Org.objects.restrict(actor, "work.edit").order_by("path")


class PartyForm(forms.Form):
    side = forms.ChoiceField(label="方", choices=PartySide.choices)
    kind = forms.ChoiceField(label="类别", choices=PartyKind.choices)
    name = forms.CharField(label="姓名或单位名称", max_length=200)
    id_number = PersonalField(label="证件号码（个人，居民身份证）", required=False, max_length=24)


class ClearForm(forms.Form):
    reason = forms.CharField(label="排除理由", max_length=500, widget=forms.Textarea(attrs={"rows": 2}))


class AssignForm(forms.Form):
    lawyer = forms.ChoiceField(label="承办律师", choices=())
    on_date = forms.DateField(label="指派日期", widget=DateInput)
    deadline = forms.DateField(label="期限", required=False, widget=DateInput)

    def __init__(self, *args, lawyers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lawyer"].choices = [("", "请选择"), *((p.pk, str(p)) for p in lawyers)]


class EventForm(forms.Form):
    kind = forms.ChoiceField(label="进程", choices=[(s.value, s.label) for s in RECORDED_STAGES])
    on_date = forms.DateField(label="日期", widget=DateInput)
    deadline = forms.DateField(label="期限", required=False, widget=DateInput, help_text="如开庭日、举证期限")
    note = forms.CharField(label="说明", required=False, max_length=300)


class CloseForm(forms.Form):
    result = forms.ChoiceField(label="结果", choices=CaseResult.choices)
    closed_on = forms.DateField(label="结案日期", widget=DateInput)
    recovered_yuan = forms.IntegerField(label="挽回经济损失（元）", min_value=0, initial=0)
    people_covered = forms.IntegerField(label="涉及职工人数", min_value=1, initial=1)
    note = forms.CharField(label="说明", required=False, max_length=300)


class RevealForm(forms.Form):
    reason = forms.CharField(label="查看事由", max_length=200)
