"""The small forms of the league and knockout pages: starting a league in pools, a match's result."""

from django import forms

from .models import Side


class LeagueStartForm(forms.Form):
    pools = forms.IntegerField(
        label="小组数", min_value=1, max_value=16, initial=1, help_text="按种子蛇形分组，如10队分A、B两组"
    )


class ResultForm(forms.Form):
    home_score = forms.IntegerField(label="主队得分", min_value=0, max_value=999, required=False)
    away_score = forms.IntegerField(label="客队得分", min_value=0, max_value=999, required=False)
    forfeit = forms.ChoiceField(label="弃权", choices=[("", "无"), *Side.choices], required=False)
    reason = forms.CharField(label="更改原因", max_length=200, required=False)
