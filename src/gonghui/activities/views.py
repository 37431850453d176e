"""Pages: staff (the list with filters, chart and export; an activity with its groups, people, check-in,
attendance, people reached and photos) and the signed-in member's phone pages (open activities, registering)."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from gonghui.core.access import MEMBER, access
from gonghui.core.downloads import xlsx_response
from gonghui.core.errors import DomainError
from gonghui.core.exports import export_response
from gonghui.core.forms import add_domain_error
from gonghui.core.lists import Listing
from gonghui.core.scope import SYSTEM
from gonghui.core.uploads import photo_response
from gonghui.members.selectors import membership_by_number

from . import exports, selectors, services
from .forms import (
    TARGET_SUGGESTIONS,
    ActivityForm,
    CheckInForm,
    FilterForm,
    KindForm,
    MemberRegisterForm,
    PhotoForm,
    ReachForm,
    RegisterForm,
    SpeakerForm,
    VoidForm,
)
from .lists import ACTIVITIES
from .models import ActivityKind, Photo, Registration, RegistrationMode, RegistrationStatus

PAGE_SIZE = 50
PEOPLE_SHOWN = 1000


def _activity(request, pk: int, perm: str = "org.view"):
    return selectors.activity_get(actor=request.user, pk=pk, perm=perm)


def _registration(request, activity, pk) -> Registration:
    registration = (
        Registration.objects.restrict(request.user, "view")
        .filter(activity=activity, pk=pk)
        .select_related("person", "union", "group")
        .first()
    )
    if registration is None:
        raise Http404
    return registration


def _tried(request, action, success: str) -> bool:
    """Run a service call; its refusal, or `success`, goes to the messages shown on the next page."""
    try:
        action()
    except DomainError as exc:
        messages.error(request, exc.message)
        return False
    messages.success(request, success)
    return True


def _back(activity, anchor: str = "") -> str:
    return reverse("activities:detail", args=[activity.pk]) + (f"#{anchor}" if anchor else "")


# ---- the list -----------------------------------------------------------------------------------------------


@access("org.view")
def index(request):
    form = FilterForm(request.GET or None, actor=request.user)
    listing = Listing(request, ACTIVITIES)
    return render(
        request,
        "activities/index.html",
        {
            "form": form,
            "listing": listing,
            "rows": [(a, selectors.reach_of(a)) for a in listing],
            "chart": selectors.kinds_by_month(listing.qs),
            "query": request.GET.urlencode(),
            "manages_kinds": services.kinds_admin_org(request.user) is not None,
        },
    )


@access("org.view")
def export(request):
    form = FilterForm(request.GET or None, actor=request.user)
    # not audited and always written at once, as before: a list of activities holds no personal data
    return export_response(
        request,
        rows=selectors.activities_for(actor=request.user, **form.filters()),
        build=lambda chunk: exports.activities_workbook(f"活动一览（导出于 {exports.stamp()}）", chunk),
        filename=f"活动一览-{exports.stamp()}.xlsx",
    )


# ---- create and edit ----------------------------------------------------------------------------------------


def _new_initial(request) -> dict:
    """A new activity, prefilled from the address when another module's page starts it: the record it belongs
    to (`link`, checked by the service), a title and a kind (the ceremony of an award round)."""
    initial: dict = {"registration": RegistrationMode.NONE}
    for name in ("link", "title"):
        if request.GET.get(name):
            initial[name] = request.GET[name][:200]
    kind = selectors.kinds().filter(code=request.GET.get("kind", "")).first()
    if kind is not None:
        initial["kind"] = kind
    return initial


def _save(request, activity=None):
    initial = ActivityForm.initial_from(activity) if activity else _new_initial(request)
    form = ActivityForm(request.POST or None, actor=request.user, activity=activity, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            data = form.data_for_service()
            if activity is None:
                activity = services.activity_create(actor=request.user, data=data)
            else:
                activity = services.activity_update(actor=request.user, activity=activity, data=data)
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, f"已保存活动“{activity.title}”")
            return redirect("activities:detail", activity.pk)
    return render(
        request,
        "activities/form.html",
        {"form": form, "activity": activity, "suggestions": TARGET_SUGGESTIONS},
    )


@access("work.edit")
def new(request):
    return _save(request)


@access("work.edit")
def edit(request, pk: int):
    activity = _activity(request, pk)
    if not selectors.can_edit(request.user, activity):
        raise Http404
    if activity.voided:
        messages.error(request, "该活动已作废，不能修改")
        return redirect("activities:detail", activity.pk)
    return _save(request, activity)


# ---- one activity -------------------------------------------------------------------------------------------


@access("org.view")
def detail(request, pk: int):
    activity = _activity(request, pk)
    return render(request, "activities/detail.html", _detail_context(request, activity))


def _detail_context(
    request,
    activity,
    void_form: VoidForm | None = None,
    register_form: RegisterForm | None = None,
    speaker_form: SpeakerForm | None = None,
) -> dict:
    people = selectors.can_see_people(request.user, activity)
    can_void = selectors.can_edit(request.user, activity) and not activity.voided
    editable = can_void  # a voided activity takes no more changes, registrations or check-ins
    groups = selectors.group_fill(activity)
    speakers = selectors.speakers_of(activity)
    registrations = list(selectors.registrations_of(activity)[:PEOPLE_SHOWN]) if people else []
    context = {
        "activity": activity,
        "reach": selectors.reach_of(activity),
        "recorded": selectors.recorded_reach(activity),
        "groups": groups,
        "participants": selectors.participants_of(activity),
        "co_organisers": activity.co_organisers.all(),
        "sessions": activity.sessions.all(),
        "people": people,
        "editable": editable,
        "registrations": registrations,
        "more_people": activity.n_registered > PEOPLE_SHOWN,
        "waitlisted": sum(g.waitlisted for g in groups),
        "photos": activity.photos.all(),
        "speakers": speakers,
        "speakers_marked": sum(1 for row in speakers if row.marks),
        "linked_to": selectors.link_label(activity, request.user),
        "checkin_window": services.check_in_window(activity),
        "can_void": can_void,
        "void_form": void_form or VoidForm(),
        "chart": {
            "names": [g.name for g in groups],
            "registered": [g.registered for g in groups],
            "people": [g.people for g in groups],
            "capacity": [g.capacity for g in groups],
        },
    }
    if editable:
        context.update(
            {
                "register_form": register_form or RegisterForm(activity=activity),
                "reach_form": ReachForm(
                    initial={"reach_counted": activity.reach_counted, "reach_method": activity.reach_method}
                ),
                "photo_form": PhotoForm(),
                "speaker_form": speaker_form or SpeakerForm(),
            }
        )
    return context


@access("work.edit")
@require_POST
def void(request, pk: int):
    """Void an activity recorded in error, with the reason (its page then shows 已作废 and why)."""
    activity = _activity(request, pk, perm="work.edit")
    form = VoidForm(request.POST)
    if form.is_valid():
        try:
            services.activity_void(actor=request.user, activity=activity, reason=form.cleaned_data["reason"])
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, f"已作废活动“{activity.title}”，不再计入工作数据")
            return redirect("activities:detail", activity.pk)
    activity = _activity(request, pk)
    return render(request, "activities/detail.html", _detail_context(request, activity, form))


def _member_by_number(request, number: str):
    return membership_by_number(actor=request.user, number=number).person


@access("work.edit")
@require_POST
def register(request, pk: int):
    activity = _activity(request, pk, perm="work.edit")
    form = RegisterForm(request.POST, activity=activity)
    if not form.is_valid():
        return _refused_registration(request, activity, form)
    d = form.cleaned_data
    try:
        person = _member_by_number(request, d["number"]) if d["number"].strip() else None
        registration = services.registration_add(
            actor=request.user,
            activity=activity,
            person=person,
            guest_name=d["guest_name"],
            guest_unit=d["guest_unit"],
            group=d.get("group"),
            party_size=d.get("party_size") or 1,
            family_note=d.get("family_note", ""),
            invite=d.get("invite", False),
        )
    except DomainError as exc:
        add_domain_error(form, exc)
        return _refused_registration(request, activity, form)
    messages.success(request, f"{registration.name}：{registration.get_status_display()}")
    return redirect(_back(activity, "people"))


@access("work.edit")
@require_POST
def speaker_add(request, pk: int):
    """Add a speaker: a member found by member number in the actor's scope, or a name."""
    activity = _activity(request, pk, perm="work.edit")
    form = SpeakerForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        try:
            person = _member_by_number(request, d["number"]) if d["number"].strip() else None
            speaker = services.speaker_add(
                actor=request.user,
                activity=activity,
                name=d["name"],
                person=person,
                note=d["note"],
                topic=d["topic"],
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, f"已添加主讲人{speaker.name}")
            return redirect(_back(activity, "speakers"))
    return render(request, "activities/detail.html", _detail_context(request, activity, speaker_form=form))


@access("work.edit")
@require_POST
def speaker_remove(request, pk: int, speaker_id: int):
    activity = _activity(request, pk, perm="work.edit")
    speaker = activity.speakers.filter(pk=speaker_id).first()
    if speaker is None:
        raise Http404
    _tried(
        request,
        lambda: services.speaker_remove(actor=request.user, speaker=speaker),
        f"已移除主讲人{speaker.name}",
    )
    return redirect(_back(activity, "speakers"))


def _refused_registration(request, activity, form: RegisterForm):
    """The activity's page again with the registration form as typed and the reason beside it (issue 16 §3)."""
    context = _detail_context(request, activity, register_form=form)
    return render(request, "activities/detail.html", context)


@access("work.edit")
@require_POST
def registration_action(request, pk: int, reg: int, action: str):
    """Cancel a registration, or tick / untick it on the check-in list (HTMX swaps the row)."""
    activity = _activity(request, pk, perm="work.edit")
    registration = _registration(request, activity, reg)
    try:
        if action == "cancel":
            promoted = services.registration_cancel(actor=request.user, registration=registration)
            note = f"，{'、'.join(r.name for r in promoted)} 由候补转为已报名" if promoted else ""
            messages.success(request, f"已取消{registration.name}的报名{note}")
        elif action in ("checkin", "undo"):
            registration = services.check_in_tick(
                actor=request.user, registration=registration, present=action == "checkin"
            )
        else:
            raise Http404
    except DomainError as exc:
        messages.error(request, exc.message)
    if request.htmx and action != "cancel" and selectors.can_see_people(request.user, activity):
        registration.refresh_from_db()
        return render(
            request,
            "activities/detail.html#reg-row",
            {"r": registration, "activity": activity, "editable": True, "groups": activity.groups.exists()},
        )
    return redirect(_back(activity, "people"))


@access("work.edit")
def checkin(request, pk: int):
    """Check-in at the door: scan the member's e-card with the camera, or type the code under it."""
    activity = _activity(request, pk)
    if not selectors.can_edit(request.user, activity) or activity.voided:
        raise Http404
    form = CheckInForm(request.POST or None, activity=activity)
    result, error = None, ""
    if request.method == "POST" and form.is_valid():
        try:
            result = services.check_in_card(
                actor=request.user,
                activity=activity,
                code_text=form.cleaned_data["code"],
                session=form.cleaned_data.get("session"),
            )
        except DomainError as exc:
            error = exc.message
        form = CheckInForm(activity=activity, initial={"session": form.cleaned_data.get("session")})
    context = {
        "activity": activity,
        "form": form,
        "result": result,
        "error": error,
        "reach": selectors.recorded_reach(_activity(request, pk)),  # counted after this check-in
        "checkin_window": services.check_in_window(activity),
    }
    template = "activities/checkin.html#result" if request.htmx else "activities/checkin.html"
    return render(request, template, context)


@access("member.view")
def attendance(request, pk: int):
    """Attendance per session (a training class's sign-in sheets), with the completion rule."""
    activity = _activity(request, pk, perm="member.view")
    return render(
        request,
        "activities/attendance.html",
        {
            "activity": activity,
            "table": selectors.training(activity),
            "editable": selectors.can_edit(request.user, activity),
        },
    )


@access("work.edit")
@require_POST
def attendance_mark(request, pk: int, session: int, reg: int):
    activity = _activity(request, pk, perm="work.edit")
    the_session = activity.sessions.filter(pk=session).first()
    if the_session is None:
        raise Http404
    registration = _registration(request, activity, reg)
    present = request.POST.get("present") == "1"
    try:
        services.attendance_mark(
            actor=request.user, session=the_session, registration=registration, present=present
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    if (
        request.htmx
    ):  # the whole sheet again: the person's total, completion and each session's count change too
        return render(
            request,
            "activities/attendance.html#sheet",
            {"activity": activity, "table": selectors.training(activity), "editable": True},
        )
    return redirect("activities:attendance", activity.pk)


@access("member.view")
def completion(request, pk: int):
    activity = _activity(request, pk, perm="member.view")
    content = exports.completion_workbook(activity, selectors.training(activity))
    return xlsx_response(content, f"{activity.title}-结业名单-{exports.stamp()}.xlsx")


@access("work.edit")
@require_POST
def reach(request, pk: int):
    activity = _activity(request, pk, perm="work.edit")
    form = ReachForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        _tried(
            request,
            lambda: services.reach_set(
                actor=request.user, activity=activity, count=d["reach_counted"], method=d["reach_method"]
            ),
            "人次已更新",
        )
    else:
        messages.error(request, "请填写有效的人次")
    return redirect(_back(activity, "reach"))


@access("work.edit")
@require_POST
def photo_add(request, pk: int):
    activity = _activity(request, pk, perm="work.edit")
    form = PhotoForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, "请选择照片文件")
        return redirect(_back(activity, "photos"))
    d = form.cleaned_data
    _tried(
        request,
        lambda: services.photo_add(
            actor=request.user, activity=activity, upload=d["photo"], caption=d["caption"]
        ),
        "照片已上传",
    )
    return redirect(_back(activity, "photos"))


@access("work.edit")
@require_POST
def photo_remove(request, pk: int, photo_id: int):
    activity = _activity(request, pk, perm="work.edit")
    item = Photo.objects.restrict(request.user, "view").filter(activity=activity, pk=photo_id).first()
    if item is None:
        raise Http404
    _tried(request, lambda: services.photo_remove(actor=request.user, photo=item), "照片已删除")
    return redirect(_back(activity, "photos"))


@access("org.view")
def photo(request, pk: int, photo_id: int):
    activity = _activity(request, pk)
    item = Photo.objects.restrict(request.user, "view").filter(activity=activity, pk=photo_id).first()
    if item is None:
        raise Http404
    return photo_response(item.file)


# ---- the member's phone pages -------------------------------------------------------------------------------


@access(MEMBER)
def me(request):
    return render(request, "activities/phone/list.html", {"view": selectors.for_member(request.member)})


@access(MEMBER)
def me_detail(request, pk: int):
    person = request.member
    activity, registration = selectors.activity_for_member(person=person, pk=pk)
    groups = selectors.group_fill(activity)
    taken = {g.group.pk: g.registered for g in groups if g.group}
    form = MemberRegisterForm(request.POST or None, activity=activity, taken=taken)
    if request.method == "POST":
        action = request.POST.get("action", "register")
        try:
            if action == "cancel" and registration is not None:
                services.registration_cancel(actor=SYSTEM, registration=registration, person=person)
                messages.success(request, "已取消报名")
                return redirect("activities:me_detail", activity.pk)
            if action == "register" and form.is_valid():
                d = form.cleaned_data
                registration = services.registration_self(
                    person=person,
                    activity=activity,
                    group=d.get("group"),
                    party_size=d.get("party_size") or 1,
                    family_note=d.get("family_note", ""),
                )
                if registration.status == RegistrationStatus.WAITLISTED:
                    messages.warning(request, "名额已满，您已进入候补名单；有人取消时按报名先后递补")
                else:
                    messages.success(request, "报名成功")
                return redirect("activities:me_detail", activity.pk)
        except DomainError as exc:
            add_domain_error(form, exc)
    can_register = (
        activity.registration != RegistrationMode.NONE
        and not activity.voided
        and not selectors.signup_closed(activity)
    ) and (
        registration is None
        or registration.status in (RegistrationStatus.CANCELLED, RegistrationStatus.INVITED)
    )
    return render(
        request,
        "activities/phone/detail.html",
        {
            "activity": activity,
            "registration": registration,
            "form": form,
            "can_register": can_register,
            "signup_closed": selectors.signup_closed(activity),
        },
    )


def member_link_panel(request, person):
    """On the member's e-card page: the way to the union's activities they may sign up for."""
    return ("activities/panels/me_link.html", {})


# ---- activity kinds (the city federation's administrators) ---------------------------------------------------

KIND_ADMIN = services.KIND_ADMIN


def _kinds(request):
    """The kinds with their use, for the city's administrators; anyone else finds no such page (404)."""
    if services.kinds_admin_org(request.user) is None:
        raise Http404
    return selectors.kinds_in_use()


def _kind(request, pk: int) -> ActivityKind:
    found = _kinds(request).filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


@access(KIND_ADMIN)
def kinds(request):
    """The kinds staff choose from, with how many activities use each; new ones added here (no release)."""
    rows = _kinds(request)
    form = KindForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            kind = services.kind_create(
                actor=request.user, name=form.cleaned_data["name"], sort=form.cleaned_data["sort"]
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, f"已新增活动类型“{kind.name}”")
            return redirect("activities:kinds")
    return render(request, "activities/kinds.html", {"rows": rows, "form": form})


@access(KIND_ADMIN)
def kind_edit(request, pk: int):
    kind = _kind(request, pk)
    form = KindForm(request.POST or None, initial={"name": kind.name, "sort": kind.sort})
    if request.method == "POST" and form.is_valid():
        try:
            services.kind_update(
                actor=request.user, kind=kind, name=form.cleaned_data["name"], sort=form.cleaned_data["sort"]
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, f"已保存活动类型“{form.cleaned_data['name'].strip()}”")
            return redirect("activities:kinds")
    return render(request, "activities/kind_form.html", {"kind": kind, "form": form})


@access(KIND_ADMIN)
@require_POST
def kind_action(request, pk: int, action: str):
    """Stop offering a kind (停用), offer it again (启用), or delete one no activity uses."""
    kind = _kind(request, pk)
    if action == "delete":
        _tried(
            request,
            lambda: services.kind_delete(actor=request.user, kind=kind),
            f"已删除活动类型“{kind.name}”",
        )
    elif action in ("deactivate", "activate"):
        active = action == "activate"
        _tried(
            request,
            lambda: services.kind_update(
                actor=request.user, kind=kind, name=kind.name, sort=kind.sort, is_active=active
            ),
            f"已{'启用' if active else '停用'}活动类型“{kind.name}”",
        )
    else:
        raise Http404
    return redirect("activities:kinds")
