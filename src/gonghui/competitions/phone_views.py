"""The member's phone pages: competitions open to them, and entering one (issue 18 §1)."""

from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render

from gonghui.core.access import MEMBER, access
from gonghui.core.errors import DomainError
from gonghui.core.forms import add_domain_error

from . import phone, photo_services


class EnterForm(forms.Form):
    group = forms.ModelChoiceField(
        queryset=None, label="参赛组别", empty_label=None, widget=forms.RadioSelect
    )

    def __init__(self, *args, competition, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = competition.groups.all()


@access(MEMBER)
def me(request):
    person = request.member
    return render(
        request,
        "competitions/phone/list.html",
        {"open": list(phone.open_to(person)[:50]), "mine": phone.entered_by(person)},
    )


@access(MEMBER)
def me_detail(request, pk: int):
    person = request.member
    competition, entrant = phone.competition_for(person, pk)
    form = EnterForm(request.POST or None, competition=competition)
    if request.method == "POST" and entrant is None and form.is_valid():
        try:
            phone.enter_self(person=person, competition=competition, group=form.cleaned_data["group"])
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, "报名成功")
            return redirect("competitions:me_detail", competition.pk)
    return render(
        request,
        "competitions/phone/detail.html",
        {"competition": competition, "entrant": entrant, "form": form},
    )


def member_link_panel(request, person):
    """On the member's e-card page: the way to the competitions they may enter (or entered), and to the photo
    contests open to them (rule C7); nothing when there are none."""
    entering = phone.open_to(person).exists() or bool(phone.entered_by(person))
    photos = photo_services.open_stages(person).exists()
    if not entering and not photos:
        return None
    return ("competitions/panels/me_link.html", {"entering": entering, "photos": photos})
