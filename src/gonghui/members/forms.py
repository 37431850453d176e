"""Forms for the member pages; they only collect input, the services decide."""

from django import forms

from gonghui.core.forms import DateInput, PersonalField
from gonghui.orgs.models import Org

from .identity import DocType
from .models import Channel, Education, EmploymentStatus, Gender, LeaveReason, PriorityGroup, SkillLevel


class LookupForm(forms.Form):
    """Step one of enrolment: is this person already registered?"""

    union = forms.ModelChoiceField(queryset=Org.objects.none(), label="入会工会", empty_label="请选择")
    doc_type = forms.ChoiceField(label="证件类型", choices=DocType.choices, initial=DocType.RIC)
    id_number = PersonalField(label="证件号码", max_length=24)

    def __init__(self, *args, unions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["union"].queryset = unions


class PersonForm(forms.Form):
    """Step two: the register's fields (M9) and how the person joins."""

    full_name = forms.CharField(label="姓名", max_length=50)
    mobile = PersonalField(
        label="手机号码", max_length=20, required=False, widget=forms.TextInput(attrs={"inputmode": "tel"})
    )
    gender = forms.ChoiceField(
        label="性别", choices=[("", "按身份证号码自动识别"), *Gender.choices], required=False
    )
    birth_date = forms.DateField(label="出生日期（非身份证件时填写）", required=False, widget=DateInput)
    ethnicity = forms.CharField(label="民族", max_length=20, initial="汉族")
    education = forms.ChoiceField(label="学历", choices=[("", "—"), *Education.choices], required=False)
    residence = forms.CharField(label="户籍/居住地", max_length=200, required=False)
    employment_status = forms.ChoiceField(label="就业状态", choices=EmploymentStatus.choices)
    skill_level = forms.ChoiceField(
        label="技能等级", choices=[("", "—"), *SkillLevel.choices], required=False
    )
    is_migrant = forms.BooleanField(label="农民工", required=False)
    is_new_form = forms.BooleanField(label="新就业形态劳动者", required=False)
    priority_group = forms.ChoiceField(
        label="新就业形态群体", choices=[("", "—"), *PriorityGroup.choices], required=False
    )
    is_hardship = forms.BooleanField(label="困难职工", required=False)
    is_model_worker = forms.BooleanField(label="劳模", required=False)
    employer_name = forms.CharField(label="工作单位", max_length=200, required=False)
    channel = forms.ChoiceField(label="入会渠道", choices=Channel.choices, initial=Channel.STAFF)
    join_date = forms.DateField(label="入会日期", required=False, widget=DateInput)
    approve = forms.BooleanField(label="直接批准入会（不勾选则进入待审批）", required=False, initial=True)


class ReasonForm(forms.Form):
    reason = forms.CharField(label="原因", max_length=500, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, label: str = "原因", required: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].label = label
        self.fields["reason"].required = required


class LeaveForm(ReasonForm):
    leave_reason = forms.ChoiceField(
        label="退会原因",
        choices=[(v, label) for v, label in LeaveReason.choices if v != LeaveReason.LAPSED],
    )
    field_order = ["leave_reason", "reason"]


class MobileForm(forms.Form):
    mobile = PersonalField(
        label="新手机号码", max_length=20, widget=forms.TextInput(attrs={"inputmode": "tel"})
    )
    reason = forms.CharField(
        label="核实情况",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="如：本人持身份证件到会，已核实",
    )


class DuesForm(forms.Form):
    paid_until = forms.DateField(label="会费缴至", widget=DateInput)


class UnionChoiceField(forms.ModelChoiceField):
    """Unions named with their parent, so two alike names across the city can be told apart."""

    def label_from_instance(self, obj) -> str:
        return f"{obj.name}（上级：{obj.parent.name}）" if obj.parent_id else obj.name


class TransferForm(forms.Form):
    to_union = UnionChoiceField(
        queryset=Org.objects.none(),
        label="转入工会",
        widget=forms.RadioSelect,
        error_messages={"required": "请搜索并选择转入工会", "invalid_choice": "所选工会不可用，请重新搜索"},
    )
    reason = forms.CharField(label="转会原因", max_length=500, required=False)

    def __init__(self, *args, targets, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_union"].queryset = targets
