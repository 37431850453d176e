"""The setup part's forms: the list's filters, starting a set-up, the application, the decision above, the
founding assembly, and a joint union's coverage (rule O3)."""

from django import forms

from gonghui.core.forms import DateInput
from gonghui.orgs.models import Org

from .models import SetUpStatus

TERMS = [(5, "5"), (3, "3")]


class SetupFilterForm(forms.Form):
    status = forms.ChoiceField(label="状态", required=False, choices=[("", "全部状态"), *SetUpStatus.choices])
    org = forms.ModelChoiceField(queryset=Org.objects.none(), label="组织（含下级）", required=False)
    q = forms.CharField(label="搜索", required=False, max_length=100, help_text="单位或拟建工会名称")

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
        return {"status": d["status"], "org": d["org"], "search": d["q"]}


class SetupFields(forms.Form):
    union_name = forms.CharField(
        label="拟建工会名称", max_length=200, help_text="单位全称加“工会”，如“北京某某有限公司工会”"
    )
    members_expected = forms.IntegerField(
        label="预计会员人数",
        min_value=1,
        max_value=1_000_000,
        help_text="25人以上应建立工会委员会；不足25人可单独建会、加入联合工会或选举组织员",
    )
    preparatory_group = forms.CharField(
        label="筹建组成员及分工",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="每行一人：姓名、职务、分工",
    )


class SetupStartForm(SetupFields):
    started_on = forms.DateField(label="筹建开始日期", widget=DateInput)


class SetupSubmitForm(SetupFields):
    applied_on = forms.DateField(label="申请日期", widget=DateInput)


class SetupDecideForm(forms.Form):
    on_date = forms.DateField(
        label="批复日期", widget=DateInput, help_text="批准的，新建工会和单位建会情况自该日起计"
    )
    note = forms.CharField(
        label="批复意见",
        required=False,
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="退回时必填，写明原因",
    )


class SetupFoundForm(forms.Form):
    founding_on = forms.DateField(label="成立大会日期", widget=DateInput)
    first_chair = forms.CharField(label="首任工会主席（组织员）", max_length=60)
    committee_size = forms.IntegerField(
        label="委员会人数", min_value=1, max_value=99, help_text="选举组织员的填1"
    )
    term_years = forms.TypedChoiceField(label="任期（年）", choices=TERMS, coerce=int)


class JointCoverForm(forms.Form):
    joint_union = forms.ModelChoiceField(queryset=Org.objects.none(), label="联合工会", empty_label="请选择")
    on_date = forms.DateField(label="加入日期", widget=DateInput, help_text="单位自该日起由联合工会覆盖")
    note = forms.CharField(label="说明", required=False, max_length=300)

    def __init__(self, *args, unions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["joint_union"].queryset = unions
