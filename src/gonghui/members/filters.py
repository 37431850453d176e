"""The member list's filters: one form reads them from a page's query string, an API call or a job."""

from django import forms

from gonghui.core import personal
from gonghui.core.forms import DateInput
from gonghui.orgs.models import Org

from .models import Category, Channel, Gender, MembershipStatus, SkillLevel
from .selectors import AGE_BANDS, MemberFilters, member_unions


def _choices(options) -> list[tuple[str, str]]:
    return [("", "全部"), *options]


class MemberFilterForm(forms.Form):
    q = forms.CharField(label="搜索", required=False, max_length=40)
    union = forms.IntegerField(label="工会（含下级）", required=False, widget=forms.HiddenInput)
    employer = forms.CharField(label="工作单位", required=False, max_length=100)
    status = forms.ChoiceField(label="会籍状态", required=False, choices=_choices(MembershipStatus.choices))
    category = forms.ChoiceField(label="类别", required=False, choices=_choices(Category.choices))
    channel = forms.ChoiceField(label="入会渠道", required=False, choices=_choices(Channel.choices))
    joined_from = forms.DateField(label="入会日期自", required=False, widget=DateInput)
    joined_to = forms.DateField(label="至", required=False, widget=DateInput)
    skill_level = forms.ChoiceField(label="技能等级", required=False, choices=_choices(SkillLevel.choices))
    gender = forms.ChoiceField(label="性别", required=False, choices=_choices(Gender.choices))
    age_band = forms.ChoiceField(
        label="年龄段", required=False, choices=_choices([(k, v[0]) for k, v in AGE_BANDS.items()])
    )

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.actor = actor
        self.union_org: Org | None = None

    def clean_union(self):
        pk = self.cleaned_data.get("union")
        if pk:
            self.union_org = Org.objects.restrict(self.actor, "member.view").filter(pk=pk).first()
            if self.union_org is None:
                raise forms.ValidationError("未找到该工会")
        return pk

    def filters(self) -> MemberFilters:
        """The filters of a valid form (an invalid field is left out, and shown on the form)."""
        data = self.cleaned_data if self.is_bound and self.is_valid() else getattr(self, "cleaned_data", {})
        return MemberFilters(
            union=self.union_org,
            status=data.get("status", ""),
            category=data.get("category", ""),
            channel=data.get("channel", ""),
            joined_from=data.get("joined_from"),
            joined_to=data.get("joined_to"),
            skill_level=data.get("skill_level", ""),
            gender=data.get("gender", ""),
            age_band=data.get("age_band", ""),
            search=data.get("q", ""),
            employer=data.get("employer", ""),
        )

    def params(self) -> dict[str, str]:
        """The filters as query parameters (for links, the export, and jobs)."""
        if not self.is_bound:
            return {}
        return {k: str(v) for k, v in self.data.items() if k in self.fields and v not in ("", None)}


class ApplicationFilterForm(forms.Form):
    """入会审批's filters: the union (with its subtree), the channel, the day applied, overdue only."""

    union = forms.ModelChoiceField(
        label="申请加入", required=False, queryset=Org.objects.none(), empty_label="全部"
    )
    channel = forms.ChoiceField(label="渠道", required=False, choices=_choices(Channel.choices))
    applied_from = forms.DateField(label="申请日期自", required=False, widget=DateInput)
    applied_to = forms.DateField(label="至", required=False, widget=DateInput)
    overdue = forms.BooleanField(label="只看逾期", required=False)

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["union"].queryset = member_unions(actor=actor)

    def filters(self) -> dict:
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        return {k: v for k, v in data.items() if v}


SEARCH_PURPOSE = "members.search"
ENROL_PURPOSE = "members.enrol_form"


def opened(token: str, purpose: str) -> str:
    """A value sealed into a page or URL by `personal.encrypt`; a stale or tampered token opens to ""."""
    try:
        return personal.decrypt(token, purpose=purpose)
    except Exception:
        return ""


def search_data(params):
    """Filter parameters with a personal search term (mobile, document number) opened from its encrypted
    token `qt`: such terms never travel in a URL, where access logs and browser history would keep them.
    Returns (parameters for the form, the token)."""
    data = params.copy()
    token = data.pop("qt", "")
    if isinstance(token, list):  # a QueryDict pops a list
        token = token[0] if token else ""
    if token:
        data["q"] = opened(token, SEARCH_PURPOSE)
    return data, token


def filters_from_params(params: dict, *, actor) -> MemberFilters:
    data, _ = search_data(dict(params))
    return MemberFilterForm(data, actor=actor).filters()
