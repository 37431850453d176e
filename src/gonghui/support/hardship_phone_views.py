"""The member's own hardship page on the phone (V3): they apply for themselves, with the separate consent, and
see the state of their own files. Their income and reasons are never shown back (only the state and the aid)."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from gonghui.core.access import MEMBER, access
from gonghui.core.errors import DomainError
from gonghui.core.forms import add_domain_error

from . import hardship_selectors, hardship_services
from .hardship_forms import HouseholdForm
from .models.hardship import LIVE_STATUSES


@access(MEMBER)
def me_hardship(request):
    person = request.member
    files = list(hardship_selectors.own_files(person)[:20])
    applying = not any(f.status in LIVE_STATUSES for f in files)
    form = HouseholdForm(request.POST or None)
    if request.method == "POST" and applying and form.is_valid():
        try:
            hardship_services.member_apply(
                person=person, data=form.household(), consent=form.cleaned_data["consent"]
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, "申请已提交，所在工会将进行审核")
            return redirect("hardship_me")
    return render(
        request,
        "support/hardship/phone/me.html",
        {
            "files": files,
            "grants": list(hardship_selectors.own_grants(person)[:50]),
            "form": form if applying else None,
        },
    )


@access(MEMBER)
@require_POST
def me_hardship_withdraw(request, pk: int):
    """The member withdraws their consent: the file ends and their income and reasons are deleted."""
    try:
        hardship_services.member_withdraw(person=request.member, pk=pk)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "已撤回申请，您的家庭收入和致困原因已删除")
    return redirect("hardship_me")
