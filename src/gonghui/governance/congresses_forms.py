"""The congresses part's forms: the list's filters, a new congress or plenary, and the action forms on a congress."""

from django import forms

from gonghui.core.forms import DateInput
from gonghui.orgs.models import Org

from .models import CongressKind, Delegate, DelegateQuota, Gender, MatterKind, PlenaryKind, Sitting
from .models.congresses import PERSONNEL_KINDS

KIND_CHOICES = [("", "全部类别"), *CongressKind.choices, *PlenaryKind.choices]


def _orgs(actor, perm: str):
    return Org.objects.restrict(actor, perm).filter(depth__lte=5).order_by("path")


class FilterForm(forms.Form):
    kind = forms.ChoiceField(label="类别", required=False, choices=KIND_CHOICES)
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
        return {"kind": d["kind"], "org": d["org"], "year": d["year"], "search": d["q"]}


class CongressForm(forms.Form):
    org = forms.ModelChoiceField(queryset=Org.objects.none(), label="召开大会的工会", empty_label="请选择")
    kind = forms.ChoiceField(label="类别", choices=CongressKind.choices)
    number = forms.IntegerField(
        label="届次（第N次）", required=False, min_value=1, max_value=99, help_text="不填则按该工会下一次编号"
    )
    title = forms.CharField(
        label="名称", max_length=200, required=False, help_text="不填则按“某工会第N次会员代表大会”"
    )
    starts_on = forms.DateField(label="开幕日期", widget=DateInput)
    ends_on = forms.DateField(label="闭幕日期", required=False, widget=DateInput)
    place = forms.CharField(label="地点", max_length=200, required=False)
    entitled = forms.IntegerField(
        label="应到代表（人）",
        required=False,
        min_value=0,
        help_text="会员大会按该工会会员人数计算，不必填写",
    )
    agenda = forms.CharField(
        label="议程（每行一项）", required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    women_pct = forms.IntegerField(label="女性代表不低于（%）", min_value=0, max_value=100, initial=0)
    front_line_pct = forms.IntegerField(
        label="一线职工代表不低于（%）", min_value=0, max_value=100, initial=0
    )
    model_worker_pct = forms.IntegerField(label="劳模代表不低于（%）", min_value=0, max_value=100, initial=0)

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = _orgs(actor, "work.edit")


class PlenaryForm(forms.Form):
    org = forms.ModelChoiceField(queryset=Org.objects.none(), label="工会", empty_label="请选择")
    kind = forms.ChoiceField(label="类别", choices=PlenaryKind.choices)
    number = forms.IntegerField(
        label="次数（第N次）", required=False, min_value=1, max_value=99, help_text="不填则按该工会下一次编号"
    )
    title = forms.CharField(label="名称", max_length=200, required=False)
    on = forms.DateField(label="日期", widget=DateInput)
    place = forms.CharField(label="地点", max_length=200, required=False)
    entitled = forms.IntegerField(label="应到（人）", min_value=1)
    present = forms.IntegerField(label="实到（人）", min_value=0)

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = _orgs(actor, "work.edit")


class QuotaForm(forms.Form):
    unit_org = forms.ModelChoiceField(queryset=Org.objects.none(), label="下级工会", required=False)
    unit = forms.CharField(label="或单位名称", max_length=200, required=False)
    seats = forms.IntegerField(label="名额", min_value=1)

    def __init__(self, *args, congress, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit_org"].queryset = Org.objects.filter(parent=congress.org).order_by("name")
        self.fields["unit_org"].empty_label = "（按名称）"


class DelegateForm(forms.Form):
    quota = forms.ModelChoiceField(
        queryset=DelegateQuota.objects.none(), label="选举单位", empty_label="请选择"
    )
    name = forms.CharField(label="姓名", max_length=60, required=False)
    number = forms.CharField(label="会员证号（可选）", max_length=40, required=False)
    gender = forms.ChoiceField(label="性别", choices=Gender.choices)
    front_line = forms.BooleanField(label="一线职工", required=False)
    model_worker = forms.BooleanField(label="劳动模范", required=False)

    def __init__(self, *args, congress, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["quota"].queryset = DelegateQuota.objects.filter(congress=congress)


class SittingForm(forms.Form):
    on = forms.DateField(label="日期", widget=DateInput)
    label = forms.CharField(label="会议", max_length=100, required=False, help_text="如：第一次全体会议")
    present = forms.ModelMultipleChoiceField(
        queryset=Delegate.objects.none(),
        label="出席代表",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    present_count = forms.IntegerField(label="实到人数（会员大会）", required=False, min_value=0)

    def __init__(self, *args, congress, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["present"].queryset = Delegate.objects.filter(congress=congress)
        if congress.kind == CongressKind.ASSEMBLY:
            del self.fields["present"]
        else:
            del self.fields["present_count"]


class MatterForm(forms.Form):
    kind = forms.ChoiceField(label="类别", choices=[])
    title = forms.CharField(label="标题", max_length=200)
    text = forms.CharField(label="内容", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    person = forms.CharField(label="涉及人员（人事事项）", max_length=60, required=False)
    sitting = forms.ModelChoiceField(queryset=Sitting.objects.none(), label="审议会议", required=False)
    upload = forms.FileField(label="文件（PDF 或 DOCX，10 MB 以内）", required=False)

    def __init__(self, *args, congress=None, **kwargs):
        super().__init__(*args, **kwargs)
        if congress is not None:
            self.fields["kind"].choices = [c for c in MatterKind.choices if c[0] not in PERSONNEL_KINDS]
            self.fields["sitting"].queryset = Sitting.objects.filter(congress=congress)
            del self.fields["person"]
        else:
            self.fields["kind"].choices = MatterKind.choices
            del self.fields["sitting"]


class VoteForm(forms.Form):
    votes_for = forms.IntegerField(label="赞成", min_value=0)
    votes_against = forms.IntegerField(label="反对", min_value=0)
    votes_abstain = forms.IntegerField(label="弃权", min_value=0)
