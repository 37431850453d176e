"""The honours register's filters and the form that records one honour."""

from django import forms

from gonghui.orgs.models import Org

from .models import AwardType, Level, RecipientKind


def _choices(choices) -> list[tuple[str, str]]:
    return [("", "全部"), *choices]


class HonourFilter(forms.Form):
    org = forms.ModelChoiceField(
        label="组织（含下级）", required=False, queryset=Org.objects.none(), empty_label="全部"
    )
    year = forms.IntegerField(label="年度", required=False, min_value=1950, max_value=2100)
    award_type = forms.ModelChoiceField(
        label="荣誉", required=False, queryset=AwardType.objects.filter(active=True), empty_label="全部"
    )
    level = forms.ChoiceField(label="级别", required=False, choices=_choices(Level.choices))
    kind = forms.ChoiceField(label="授予对象", required=False, choices=_choices(RecipientKind.choices))
    q = forms.CharField(label="搜索", required=False)

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = (
            Org.objects.restrict(actor, "view").exclude(level__in=("branch",)).order_by("path")
        )

    def filters(self) -> dict:
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        return {
            "org": data.get("org"),
            "year": data.get("year"),
            "award_type": data["award_type"].pk if data.get("award_type") else None,
            "level": data.get("level", ""),
            "kind": data.get("kind", ""),
            "search": data.get("q", ""),
        }


class HonourForm(forms.Form):
    """One honour held. The recipient is chosen by the type's kind: a unit (an employer of the register, or its
    name typed), a team under its unit, a person or a family by name."""

    org = forms.ModelChoiceField(label="登记在", queryset=Org.objects.none(), empty_label=None)
    award_type = forms.ModelChoiceField(label="荣誉", queryset=AwardType.objects.none(), empty_label="请选择")
    year = forms.IntegerField(label="年度", min_value=1950, max_value=2100)
    unit_name = forms.CharField(label="单位名称", required=False, max_length=200)
    team_name = forms.CharField(label="集体名称（班组、车间）", required=False, max_length=100)
    person_name = forms.CharField(label="姓名", required=False, max_length=50)
    position = forms.CharField(label="职务（岗位）", required=False, max_length=100)
    note = forms.CharField(label="备注", required=False, max_length=200)

    def __init__(self, *args, orgs, types, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = orgs
        self.fields["award_type"].queryset = types
