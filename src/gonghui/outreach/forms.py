"""Forms for the staff pages (events, codes, card checks) and the worker's phone pages."""

from django import forms
from django.conf import settings

from gonghui.core.forms import DateInput, PersonalField
from gonghui.members.forms import UnionChoiceField
from gonghui.members.models import PriorityGroup
from gonghui.orgs.models import Org

from .models import OutreachEvent


class EventForm(forms.Form):
    union = UnionChoiceField(queryset=Org.objects.none(), label="主办工会", empty_label="请选择")
    name = forms.CharField(label="活动名称", max_length=200, help_text="如：大栅栏商业街“工会进商圈”摆摊入会")
    place = forms.CharField(label="地点", max_length=200, required=False)
    on_date = forms.DateField(label="日期", widget=DateInput)
    staff_present = forms.CharField(label="参加人员", max_length=500, required=False)
    gift = forms.CharField(
        label="入会礼品（入会有礼）", max_length=100, required=False, help_text="如：防晒冰袖一副"
    )

    def __init__(self, *args, unions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["union"].queryset = unions


class CodeForm(forms.Form):
    union = UnionChoiceField(queryset=Org.objects.none(), label="入会工会", empty_label="请选择")
    label = forms.CharField(
        label="二维码名称", max_length=100, required=False, help_text="如：骑手服务站前台"
    )
    event = forms.ModelChoiceField(
        queryset=OutreachEvent.objects.none(), label="入会活动", required=False, empty_label="（不属于活动）"
    )
    auto_approve = forms.BooleanField(
        label="自动审批：扫码提交即入会", required=False, help_text="不选则进入本会的入会审批"
    )
    expires_on = forms.DateField(label="有效期至（含当天）", required=False, widget=DateInput)

    def __init__(self, *args, unions, events, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["union"].queryset = unions
        self.fields["event"].queryset = events


class VerifyForm(forms.Form):
    code = forms.CharField(
        label="会员码", max_length=60, help_text="扫描会员电子会员证上的二维码，或输入其下方的号码"
    )


GROUP_CHOICES = [("", "其他职工"), *PriorityGroup.choices]


class PhoneForm(forms.Form):
    """A mobile verified by an SMS code, and the question asked after repeated failures."""

    mobile = PersonalField(
        label="手机号码",
        max_length=16,
        widget=forms.TextInput(attrs={"type": "tel", "inputmode": "numeric", "autocomplete": "tel"}),
    )
    sms_code = forms.CharField(
        label="短信验证码",
        max_length=6,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
    )
    answer = forms.CharField(label="验证问题", max_length=4, required=False)


class JoinForm(PhoneForm):
    """The worker's form: short, with the keyboard each field needs on a phone (the mobile is verified before)."""

    field_order = ["full_name", "id_number", "employer", "group"]

    full_name = forms.CharField(
        label="姓名", max_length=50, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    id_number = PersonalField(
        label="身份证号码",
        max_length=24,
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "text", "spellcheck": "false"}),
    )
    employer = forms.CharField(
        label="工作单位或平台",
        max_length=200,
        required=False,
        help_text="如：美团、饿了么、顺丰速运，或所在单位名称",
        widget=forms.TextInput(attrs={"list": "employers"}),
    )
    group = forms.ChoiceField(label="职业类别", choices=GROUP_CHOICES, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mobile"].required = False  # verified on the page before


class BackfillForm(forms.Form):
    """A join from a stall's paper sign-up sheet, recorded after the fact (issue 16 §4)."""

    full_name = forms.CharField(label="姓名", max_length=50)
    id_number = PersonalField(
        label="身份证号码", max_length=24, widget=forms.TextInput(attrs={"autocomplete": "off"})
    )
    mobile = PersonalField(
        label="手机号码", max_length=20, required=False, widget=forms.TextInput(attrs={"autocomplete": "off"})
    )
    employer = forms.CharField(label="工作单位或平台", max_length=200, required=False)
    group = forms.ChoiceField(label="职业类别", choices=GROUP_CHOICES, required=False)
    join_date = forms.DateField(
        label="入会日期", required=False, widget=DateInput, help_text="默认为活动当天；按这一天统计入会"
    )
    backdate_reason = forms.CharField(
        label="补录原因",
        max_length=200,
        required=False,
        help_text=f"入会日期在{settings.GONGHUI_BACKDATE_DAYS}天以前时必填",
    )
