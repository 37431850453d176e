"""The overview's choice of subtree and year."""

from django import forms

from gonghui.orgs.models import Org


class OverviewForm(forms.Form):
    org = forms.ModelChoiceField(queryset=Org.objects.none(), label="组织（含下级）", required=False)
    year = forms.IntegerField(label="年度", required=False, min_value=2000, max_value=2100)

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = (
            Org.objects.restrict(actor, "view").filter(depth__lte=3).order_by("path")
        )
        self.fields["org"].empty_label = None
