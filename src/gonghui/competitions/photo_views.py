"""Photo contests (rule C7). The member's phone pages: the open contests of their union and the unions above
it, one contest with its entries (submit one's own, vote once per entry), one entry. Everything a member may not
see is a plain 404 — the same answer whether the entry, the contest or the person exists — and nothing names
another member. The staff page: screening, jury rounds, public vote counts and 确认成绩."""

from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render

from gonghui.core import personal
from gonghui.core.access import MEMBER, access
from gonghui.core.errors import DomainError, NotFound
from gonghui.core.scope import in_scope
from gonghui.core.uploads import photo_response

from . import photo_services, selectors, services
from .models import Format, RoundKind, SubmissionStatus

WRITE = services.WRITE


class SubmissionForm(forms.Form):
    title = forms.CharField(label="作品名称", max_length=photo_services.TITLE_MAX)
    caption = forms.CharField(
        label="作品说明",
        max_length=photo_services.CAPTION_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    photo = forms.FileField(
        label="作品照片", help_text="JPG、PNG 或 WebP，不超过 8 MB；照片中的拍摄地点等信息会被去除"
    )


# ---- member ------------------------------------------------------------------------------------------------------


@access(MEMBER)
def me_contests(request):
    person = request.member
    stages = list(photo_services.open_stages(person))
    mine = photo_services.own_submissions(person, stages)
    rows = [(s, mine.get(s.pk)) for s in stages]
    return render(request, "competitions/photo/me_list.html", {"rows": rows})


@access(MEMBER)
def me_contest(request, stage_id: int):
    person = request.member
    stage = photo_services.stage_for_member(person, stage_id)
    own = photo_services.own_submission(person, stage)
    form = None
    if own is None and stage.started_at is None:
        submitting = request.method == "POST" and request.POST.get("action") != "vote"
        form = SubmissionForm(request.POST if submitting else None, request.FILES if submitting else None)
    if request.method == "POST":
        try:
            if request.POST.get("action") == "vote":
                sid = request.POST.get("submission", "")
                if not sid.isdigit():
                    raise NotFound("未找到该作品")
                submission = photo_services.submission_for_member(person, int(sid))
                photo_services.vote_cast(person=person, submission=submission)
                messages.success(request, f"已为“{submission.title}”投票")
                return redirect("contest_me", stage.pk)
            if form is not None and form.is_valid():
                d = form.cleaned_data
                photo_services.submission_create(
                    person=person,
                    stage=stage,
                    data=photo_services.SubmissionData(d["title"], d.get("caption", ""), d["photo"]),
                )
                messages.success(request, "作品已提交，审核通过后展示")
                return redirect("contest_me", stage.pk)
        except NotFound:
            raise
        except DomainError as exc:
            if form is not None and request.POST.get("action") != "vote":
                form.add_error(None, exc.message)
            else:
                messages.error(request, exc.message)
    context = {
        "stage": stage,
        "competition": stage.competition,
        "own": own,
        "form": form,
        "entries": photo_services.visible_submissions(person, stage),
    }
    return render(request, "competitions/photo/me_contest.html", context)


@access(MEMBER)
def me_entry(request, submission_id: int):
    submission = photo_services.submission_for_member(request.member, submission_id)
    return render(
        request,
        "competitions/photo/me_entry.html",
        {"s": submission, "mine": submission.entrant.person_id == request.member.pk},
    )


@access(MEMBER)
def me_entry_image(request, submission_id: int):
    submission = photo_services.submission_for_member(request.member, submission_id)
    return photo_response(submission.photo)


# ---- staff -------------------------------------------------------------------------------------------------------


def _stage(request, pk: int, stage_id: int):
    competition = selectors.competition_get(actor=request.user, pk=pk, perm="view")
    stage = selectors.stage_get(competition, stage_id)
    if stage.format != Format.PHOTO:
        raise NotFound("未找到该阶段")
    return competition, stage


@access("org.view")
def photo_image(request, pk: int, stage_id: int, submission_id: int):
    _competition, stage = _stage(request, pk, stage_id)
    submission = stage.submissions.filter(pk=submission_id).first()
    if submission is None:
        raise NotFound("未找到该作品")
    return photo_response(submission.photo)


def _post(request, stage):
    action = request.POST.get("action", "")
    if action in ("accept", "disqualify"):
        sid = request.POST.get("submission", "")
        submission = stage.submissions.filter(pk=sid).first() if sid.isdigit() else None
        if submission is None:
            raise NotFound("未找到该作品")
        photo_services.submission_screen(
            actor=request.user,
            submission=submission,
            accept=action == "accept",
            reason=request.POST.get("reason", ""),
        )
        return "已通过" if action == "accept" else f"“{submission.title}”不予通过"
    if action in (RoundKind.SHORTLIST, RoundKind.SCORE):
        photo_services.round_open(actor=request.user, stage=stage, kind=action)
        return "评审已开始"
    if action == "marks":
        jr = photo_services.current_round(stage)
        if jr is None:
            raise DomainError("no_round", "评审尚未开始")
        marks: dict[int, object] = {}
        for s in photo_services.in_round(jr):
            value = request.POST.get(f"mark-{s.pk}", "").strip()
            if value == "":
                continue
            if jr.kind == RoundKind.SHORTLIST:
                marks[s.pk] = value == "yes"
            else:
                if not value.isdigit():
                    raise DomainError("score", f"“{s.title}”：评分应为0到100的整数")
                marks[s.pk] = int(value)
        n = photo_services.marks_record(actor=request.user, jr=jr, marks=marks)
        return f"已保存评审意见（{n}件）"
    if action == "confirm":
        photo_services.photo_confirm(actor=request.user, stage=stage)
        return "成绩已确认"
    raise DomainError("action", "未知操作")


@access("org.view")
def photo_page(request, pk: int, stage_id: int):
    competition, stage = _stage(request, pk, stage_id)
    editable = in_scope(request.user, WRITE, competition.org) and competition.voided_at is None
    if request.method == "POST":
        if not editable:
            raise NotFound("未找到该阶段")
        try:
            messages.success(request, _post(request, stage))
            return redirect("competitions:photo", competition.pk, stage.pk)
        except DomainError as exc:
            messages.error(request, exc.message)
    votes = photo_services.vote_counts(stage)
    submissions = list(stage.submissions.select_related("entrant").order_by("id"))
    jr = photo_services.current_round(stage)
    in_round = photo_services.in_round(jr) if jr else []
    my_marks, marks_count = photo_services.marks_view(jr, request.user)
    for s in submissions:
        s.vote_count = votes.get(s.pk, 0)
        s.author = personal.mask_name(s.entrant.name)
    for s in in_round:
        s.mine = my_marks.get(s.pk)
        s.mark_count = marks_count.get(s.pk, 0)
    placings = {p.entrant_id: p for p in stage.placings.select_related("tier")}
    standings = [
        (
            r,
            photo_services.points(r.score) if r.score is not None else "—",
            placings.get(r.submission.entrant_id),
        )
        for r in photo_services.standings(stage)
    ]
    context = {
        "competition": competition,
        "stage": stage,
        "editable": editable and stage.finished_at is None,
        "submissions": submissions,
        "waiting": sum(1 for s in submissions if s.status == SubmissionStatus.SUBMITTED),
        "round": jr,
        "in_round": in_round,
        "standings": standings,
    }
    return render(request, "competitions/photo/stage.html", context)
