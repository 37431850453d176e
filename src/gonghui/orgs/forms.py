"""Forms for the organisation pages; they only collect input, the services decide."""

from django import forms

from gonghui.core.forms import DateInput

from .models import ALLOWED_CHILDREN, Employer, FormedChannel, Level, Org, Ownership, Place, PlaceKind, Status

ORG_FIELDS = [
    "name",
    "short_name",
    "district_code",
    "industry",
    "uscc",
    "legal_person_certificate",
    "committee_chair",
    "term_start",
    "term_years",
    "established_on",
]


class OrgForm(forms.ModelForm):
    reason = forms.CharField(label="说明", required=False, max_length=200)

    class Meta:
        model = Org
        fields = ORG_FIELDS
        widgets = {"term_start": DateInput, "established_on": DateInput}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["term_years"].required = False


class OrgCreateForm(OrgForm):
    class Meta(OrgForm.Meta):
        fields = ["level", *ORG_FIELDS, "status"]

    def __init__(self, *args, parent: Org, **kwargs):
        super().__init__(*args, **kwargs)
        allowed = ALLOWED_CHILDREN.get(parent.level, set())
        self.fields["level"].choices = [(v, label) for v, label in Level.choices if v in allowed]
        self.fields["status"].choices = [(v, label) for v, label in Status.choices if v != Status.DISSOLVED]
        if parent.district_code:
            self.fields["district_code"].initial = parent.district_code


class MoveForm(forms.Form):
    new_parent = forms.ModelChoiceField(
        queryset=Org.objects.none(),
        label="新的上级工会",
        widget=forms.RadioSelect,
        error_messages={
            "required": "请选择新的上级工会",
            "invalid_choice": "所选上级工会不可用，请重新搜索选择",
        },
    )
    reason = forms.CharField(label="迁移原因", required=False, max_length=200)

    def __init__(self, *args, targets, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_parent"].queryset = targets


class DissolveForm(forms.Form):
    reason = forms.CharField(label="撤销原因", max_length=200)
    on_date = forms.DateField(label="撤销日期", required=False, widget=DateInput)


class EmployerForm(forms.ModelForm):
    class Meta:
        model = Employer
        fields = ["name", "uscc", "industry", "ownership", "headcount", "address", "district_code", "union"]

    def __init__(self, *args, unions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["union"].queryset = unions
        self.fields["union"].required = False
        self.fields["union"].empty_label = "未建会"


class PlaceForm(forms.ModelForm):
    facilities_text = forms.CharField(label="设施（用顿号或逗号分隔）", required=False, max_length=400)

    class Meta:
        model = Place
        fields = ["name", "kind", "address", "district_code", "opening_hours"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = PlaceKind.choices

    def facilities(self) -> list[str]:
        raw = self.cleaned_data.get("facilities_text", "")
        return [part.strip() for part in raw.replace("，", ",").replace("、", ",").split(",") if part.strip()]


class EmployerChangeForm(forms.Form):
    """A dated change of an employer's union, type or headcount (rule R1)."""

    union = forms.ModelChoiceField(queryset=Org.objects.none(), label="所属工会", required=False)
    ownership = forms.ChoiceField(label="单位性质", choices=Ownership.choices)
    headcount = forms.IntegerField(label="职工人数", min_value=0)
    on_date = forms.DateField(label="生效日期", widget=DateInput)
    channel = forms.ChoiceField(
        label="建会途径（新建会时）", choices=[("", "—"), *FormedChannel.choices], required=False
    )

    def __init__(self, *args, unions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["union"].queryset = unions
        self.fields["union"].empty_label = "未建会"


class EmployerCloseForm(forms.Form):
    on_date = forms.DateField(label="注销日期", widget=DateInput)
    reason = forms.CharField(label="注销原因", max_length=200)
