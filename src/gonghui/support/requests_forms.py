"""The requests part's forms (rule V4): the staff list's filters, logging a call or a visit, a step's text; the
member's request and their rating."""

from django import forms
from django.db.models import Q

from gonghui.core.forms import PersonalField
from gonghui.orgs.models import Employer, Org

from .models.requests import RequestCategory, RequestChannel, RequestState
from .requests_services import DESCRIPTION_MAX, TEXT_MAX


class RequestFilterForm(forms.Form):
    state = forms.ChoiceField(label="状态", required=False, choices=[("", "全部状态"), *RequestState.choices])
    category = forms.ChoiceField(
        label="类别", required=False, choices=[("", "全部类别"), *RequestCategory.choices]
    )
    channel = forms.ChoiceField(
        label="渠道", required=False, choices=[("", "全部渠道"), *RequestChannel.choices]
    )
    org = forms.ModelChoiceField(queryset=Org.objects.none(), label="办理单位（含下级）", required=False)
    year = forms.IntegerField(label="年度", required=False, min_value=2000, max_value=2100)
    overdue = forms.ChoiceField(label="逾期", required=False, choices=[("", "全部"), ("on", "已逾期")])
    escalated = forms.ChoiceField(label="升级督办", required=False, choices=[("", "全部"), ("on", "已升级")])
    q = forms.CharField(label="诉求编号", required=False, max_length=30)

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
        return {
            "state": d["state"],
            "category": d["category"],
            "channel": d["channel"],
            "org": d["org"],
            "year": d["year"],
            "overdue": d["overdue"] == "on",
            "escalated": d["escalated"] == "on",
            "search": d["q"],
        }


class CallForm(forms.Form):
    """A call to the 12351 hotline or a visit, logged by staff: a member by their member number, or someone who is
    not a member, with the employer they name (rule V4 routes it)."""

    org = forms.ModelChoiceField(queryset=Org.objects.none(), label="登记单位", empty_label=None)
    channel = forms.ChoiceField(
        label="渠道", choices=[(RequestChannel.HOTLINE, "12351热线"), (RequestChannel.VISIT, "来访")]
    )
    category = forms.ChoiceField(label="诉求类别", choices=RequestCategory.choices)
    description = forms.CharField(
        label="诉求内容", max_length=DESCRIPTION_MAX, widget=forms.Textarea(attrs={"rows": 4})
    )
    number = forms.CharField(
        label="会员证号", required=False, max_length=30, help_text="会员来电填写会员证号，转至其所在工会办理"
    )
    caller_name = forms.CharField(label="来电人姓名（非会员）", required=False, max_length=30)
    caller_mobile = PersonalField(label="联系电话（非会员）", required=False, max_length=20)
    employer = forms.CharField(
        label="用人单位（非会员）",
        required=False,
        max_length=200,
        help_text="单位全称或统一社会信用代码；非会员的诉求转至该单位的工会，未建会的转至单位所在地的街道（乡镇）总工会",
    )

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = Org.objects.restrict(actor, "work.edit").order_by("path")
        self.actor = actor

    def clean(self):
        d = super().clean()
        if not d.get("number") and not d.get("caller_name"):
            self.add_error("number", "请填写会员证号，或非会员的来电人姓名")
        typed = (d.get("employer") or "").strip()
        d["employer"] = None
        if typed:
            found = (
                Employer.objects.restrict(self.actor, "view")
                .filter(Q(name=typed) | Q(uscc=typed.upper()))
                .select_related("union", "org")
                .first()
            )
            if found is None:
                self.add_error(
                    "employer", f"未找到用人单位“{typed}”，请核对全称；找不到的可不填，由登记单位办理"
                )
            d["employer"] = found
        return d


class StepForm(forms.Form):
    text = forms.CharField(
        label="说明", required=False, max_length=TEXT_MAX, widget=forms.Textarea(attrs={"rows": 3})
    )


class MemberRequestForm(forms.Form):
    category = forms.ChoiceField(label="诉求类别", choices=RequestCategory.choices)
    description = forms.CharField(
        label="诉求内容",
        max_length=DESCRIPTION_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="请写明单位、时间和经过，工会将在5个工作日内答复",
    )
    photo1 = forms.FileField(label="照片（可选）", required=False, help_text="最多3张，JPG、PNG 或 WebP")
    photo2 = forms.FileField(label="照片2（可选）", required=False)
    photo3 = forms.FileField(label="照片3（可选）", required=False)

    def photos(self) -> list:
        return [self.cleaned_data.get(k) for k in ("photo1", "photo2", "photo3") if self.cleaned_data.get(k)]


class RateForm(forms.Form):
    rating = forms.TypedChoiceField(
        label="满意度",
        coerce=int,
        choices=[(5, "5 非常满意"), (4, "4 满意"), (3, "3 一般"), (2, "2 不满意"), (1, "1 非常不满意")],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label="评价（可选）", required=False, max_length=300, widget=forms.Textarea(attrs={"rows": 2})
    )
