"""Photo (and video) contests (rule C7). A member signed in by SMS submits one entry while the stage collects
(before it starts): an entrant is made for them in the first group, from their union. Staff screen the entries
(accept, or disqualify with a reason), start the stage (collection closes), and the jury marks in rounds: 初评
yes/no, then 复评 scores 0-100 for the entries at least half the jurors shortlisted. Members vote for accepted
entries until the result is confirmed, one vote per member per entry (a database constraint) and at most
`VOTES_PER_HOUR` votes an hour per member.

The ranking (确认成绩): the mean jury score, best first; equal scores are told apart by public votes (our choice
of tie-break: the jury decides, the public only settles a tie); still equal, the rank is shared. The votes are
also shown on the staff page as 人气 figures.
"""

import datetime as dt
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils import timezone

from gonghui.core import personal, ratelimit
from gonghui.core.audit import audit_record
from gonghui.core.errors import Conflict, DomainError, NotFound
from gonghui.core.scope import SYSTEM
from gonghui.core.uploads import photo_store
from gonghui.members.models import Person

from . import services
from .models import (
    Channel,
    Competition,
    Format,
    Group,
    JuryMark,
    JuryRound,
    RoundKind,
    Stage,
    Submission,
    SubmissionStatus,
    Vote,
)
from .phone import membership_of, unions_above
from .photo_audit import PhotoAudit

VOTES_PER_HOUR = (30, 3600)  # a member's votes an hour: enough to vote through a contest, not for a script
TITLE_MAX, CAPTION_MAX = 60, 300


def _member_label(person: Person) -> str:
    return f"会员 {personal.mask_name(person.full_name)}"


def open_stages(person: Person):
    """The photo stages a member may see: of standing competitions organised (or co-organised) by their union
    or a union above it, not yet confirmed."""
    above = unions_above(person)
    if above is None:
        return Stage.objects.none()
    competitions = Competition.objects.standing().filter(
        org_path__in=above
    ) | Competition.objects.standing().filter(co_organisers__path__in=above)
    return (
        Stage.objects.filter(format=Format.PHOTO, competition__in=competitions, finished_at__isnull=True)
        .select_related("competition", "competition__org")
        .distinct()
        .order_by("competition__starts_on", "id")
    )


def stage_for_member(person: Person, stage_id: int) -> Stage:
    """One open photo stage the member may see; anything else is missing (a 404, never a reason)."""
    stage = open_stages(person).filter(pk=stage_id).first()
    if stage is None:
        raise NotFound("未找到该作品征集")
    return stage


def own_submission(person: Person, stage: Stage) -> Submission | None:
    return Submission.objects.filter(stage=stage, entrant__person=person).first()


def own_submissions(person: Person, stages) -> dict[int, Submission]:
    """The member's own entries in these stages, by stage id."""
    return {s.stage_id: s for s in Submission.objects.filter(entrant__person=person, stage__in=stages)}


def marks_view(jr: JuryRound | None, juror) -> tuple[dict[int, JuryMark], dict[int, int]]:
    """A juror's own marks in the round (by entry) and how many jurors marked each entry."""
    if jr is None:
        return {}, {}
    mine = {m.submission_id: m for m in JuryMark.objects.filter(round=jr, juror=juror)}
    counts: dict[int, int] = {}
    for m in JuryMark.objects.filter(round=jr):
        counts[m.submission_id] = counts.get(m.submission_id, 0) + 1
    return mine, counts


def visible_submissions(person: Person, stage: Stage):
    """Accepted entries of the stage with their vote counts, and whether this member voted for each."""
    voted = set(
        Vote.objects.filter(person=person, submission__stage=stage).values_list("submission", flat=True)
    )
    rows = list(
        Submission.objects.filter(stage=stage, status=SubmissionStatus.ACCEPTED)
        .annotate(vote_count=Count("votes"))
        .order_by("id")
    )
    for s in rows:
        s.voted = s.pk in voted  # type: ignore[attr-defined]
    return rows


def submission_for_member(person: Person, submission_id: int) -> Submission:
    """An entry a member may see: an accepted one of an open stage they may see, or their own."""
    s = Submission.objects.select_related("stage", "entrant").filter(pk=submission_id).first()
    if s is None:
        raise NotFound("未找到该作品")
    if s.entrant.person_id == person.pk:
        return s
    if s.status != SubmissionStatus.ACCEPTED or not open_stages(person).filter(pk=s.stage_id).exists():
        raise NotFound("未找到该作品")
    return s


@dataclass
class SubmissionData:
    title: str
    caption: str
    upload: object


@transaction.atomic
def submission_create(*, person: Person, stage: Stage, data: SubmissionData, address: str = "") -> Submission:
    """A member's entry (rule C7): while the stage collects, one per member; the photo checked and stripped of
    its metadata; an entrant made for them in the competition's first group, from their union."""
    stage = stage_for_member(person, stage.pk)
    competition = services.locked(stage.competition)
    membership = membership_of(person)
    if membership is None:
        raise NotFound("未找到该作品征集")
    if stage.started_at is not None:
        raise Conflict("closed", "作品征集已截止")
    if own_submission(person, stage) is not None or competition.entrants.filter(person=person).exists():
        raise Conflict("submitted", "您已提交过作品，每人限投一件")
    title, caption = data.title.strip(), data.caption.strip()
    if not title:
        raise DomainError("title", "请填写作品名称", fields={"title": "必填"})
    if len(title) > TITLE_MAX or len(caption) > CAPTION_MAX:
        raise DomainError("too_long", f"作品名称最多{TITLE_MAX}字，说明最多{CAPTION_MAX}字")
    if data.upload is None:
        raise DomainError("photo", "请选择作品照片", fields={"photo": "必填"})
    group = Group.objects.filter(competition=competition).order_by("order", "id").first()
    entrant = services.add_entrant(
        SYSTEM,
        competition,
        services.EntrantData(
            group=group,  # type: ignore[arg-type]
            person=person,
            units=[services.UnitData(union=membership.org)],
            channel=Channel.PHONE,
        ),
    )
    stored = photo_store(data.upload, folder="competitions/photo")
    submission = Submission.objects.create(
        stage=stage, entrant=entrant, title=title, caption=caption, photo=stored
    )
    audit_record(
        actor=None,
        action=PhotoAudit.SUBMIT,
        org=competition.org,
        target=competition,
        target_label=competition.name,
        after={"stage": stage.name, "title": title},
        actor_username=_member_label(person),
    )
    return submission


@transaction.atomic
def vote_cast(*, person: Person, submission: Submission) -> Vote:
    """One vote by a member for an accepted entry (rule C7): a second is refused; votes are rate-limited."""
    submission = submission_for_member(person, submission.pk)
    if submission.status != SubmissionStatus.ACCEPTED or submission.stage.finished_at is not None:
        raise NotFound("未找到该作品")
    if submission.entrant.person_id == person.pk:
        raise Conflict("own", "不能为自己的作品投票")
    if Vote.objects.filter(submission=submission, person=person).exists():
        raise Conflict("voted", "您已为该作品投过票，每件作品只能投一次")
    ratelimit.hit("photo-vote", str(person.pk), VOTES_PER_HOUR, "投票过于频繁，请稍后再试")
    try:
        with transaction.atomic():
            vote = Vote.objects.create(submission=submission, person=person)
    except IntegrityError:  # two presses at once: the constraint keeps one
        raise Conflict("voted", "您已为该作品投过票，每件作品只能投一次") from None
    competition = submission.stage.competition
    audit_record(
        actor=None,
        action=PhotoAudit.VOTE,
        org=competition.org,
        target=competition,
        target_label=competition.name,
        after={"title": submission.title, "votes": submission.votes.count()},
        actor_username=_member_label(person),
    )
    return vote


# ---- staff -------------------------------------------------------------------------------------------------------


@transaction.atomic
def submission_screen(*, actor, submission: Submission, accept: bool, reason: str = "") -> Submission:
    """Accept an entry, or disqualify it with a reason (before the result is confirmed)."""
    competition = services.editable(actor, submission.stage.competition)
    if submission.stage.finished_at is not None:
        raise Conflict("finished", "成绩已确认，不能再审核")
    reason = reason.strip()
    if not accept and not reason:
        raise DomainError(
            "reason_required", f"“{submission.title}”：请填写不予通过的原因", fields={"reason": "必填"}
        )
    submission.status = SubmissionStatus.ACCEPTED if accept else SubmissionStatus.DISQUALIFIED
    submission.reason = "" if accept else reason
    submission.save(update_fields=["status", "reason"])
    audit_record(
        actor=actor,
        action=PhotoAudit.SCREEN,
        org=competition.org,
        target=competition,
        target_label=competition.name,
        after={"title": submission.title, "status": submission.get_status_display()},
        reason=reason,
    )
    return submission


@transaction.atomic
def round_open(*, actor, stage: Stage, kind: str) -> JuryRound:
    """Start a jury round: collection closes with the first (the stage starts); 复评 follows 初评."""
    competition = services.editable(actor, stage.competition)
    stage = Stage.objects.get(pk=stage.pk)
    if stage.finished_at is not None:
        raise Conflict("finished", "成绩已确认")
    if stage.submissions.filter(status=SubmissionStatus.SUBMITTED).exists():
        raise Conflict("unscreened", "还有待审核的作品，请先审核")
    if not stage.submissions.filter(status=SubmissionStatus.ACCEPTED).exists():
        raise Conflict("no_entries", "没有通过审核的作品")
    last = stage.jury_rounds.order_by("-order").first()
    if last is not None and last.kind == RoundKind.SCORE:
        raise Conflict("scored", "复评已开始")
    if kind == RoundKind.SCORE and last is None:
        raise Conflict("shortlist_first", "请先进行初评（是否入围）")
    if last is not None and last.kind == kind:
        raise Conflict("open", "初评已开始")
    if stage.started_at is None:
        services.stage_start(actor=actor, stage=stage)
    if last is not None:
        last.closed_at = timezone.now()
        last.save(update_fields=["closed_at"])
    jr = JuryRound.objects.create(stage=stage, order=(last.order + 1) if last else 1, kind=kind)
    audit_record(
        actor=actor,
        action=PhotoAudit.ROUND_OPEN,
        org=competition.org,
        target=competition,
        target_label=competition.name,
        after={"stage": stage.name, "round": jr.get_kind_display()},
    )
    return jr


def current_round(stage: Stage) -> JuryRound | None:
    return stage.jury_rounds.order_by("-order").first()


def in_round(jr: JuryRound) -> list[Submission]:
    """The entries a round marks: every accepted one in 初评; in 复评 those at least half of 初评's jurors
    shortlisted."""
    accepted = list(jr.stage.submissions.filter(status=SubmissionStatus.ACCEPTED).order_by("id"))
    if jr.kind == RoundKind.SHORTLIST:
        return accepted
    first = jr.stage.jury_rounds.filter(kind=RoundKind.SHORTLIST).first()
    marks = JuryMark.objects.filter(round=first)
    yes: dict[int, int] = {}
    seen: dict[int, int] = {}
    for m in marks:
        seen[m.submission_id] = seen.get(m.submission_id, 0) + 1
        yes[m.submission_id] = yes.get(m.submission_id, 0) + (1 if m.shortlisted else 0)
    return [s for s in accepted if seen.get(s.pk) and 2 * yes.get(s.pk, 0) >= seen[s.pk]]


@transaction.atomic
def marks_record(*, actor, jr: JuryRound, marks: dict[int, object]) -> int:
    """A juror's marks in the open round ({submission id: True/False in 初评, 0-100 in 复评}); jurors are staff
    who may edit the organiser's work; a mark may be changed until the next round or the confirmation."""
    competition = services.editable(actor, jr.stage.competition)
    if jr.closed_at is not None or jr.stage.finished_at is not None:
        raise Conflict("closed", "本轮评审已结束")
    allowed = {s.pk: s for s in in_round(jr)}
    n = 0
    for sid, value in marks.items():
        if sid not in allowed:
            raise NotFound("未找到该作品")
        if value is None:
            continue
        if jr.kind == RoundKind.SCORE:
            if not isinstance(value, int) or not 0 <= value <= 100:
                raise DomainError(
                    "score", f"“{allowed[sid].title}”：评分应为0到100的整数", fields={"score": "0-100"}
                )
            fields = {"score": value, "shortlisted": None}
        else:
            fields = {"shortlisted": bool(value), "score": None}
        JuryMark.objects.update_or_create(round=jr, submission=allowed[sid], juror=actor, defaults=fields)
        n += 1
    audit_record(
        actor=actor,
        action=PhotoAudit.MARK,
        org=competition.org,
        target=competition,
        target_label=competition.name,
        after={"round": jr.get_kind_display(), "marks": n},
    )
    return n


@dataclass(frozen=True)
class Standing:
    submission: Submission
    score: int | None  # the mean jury score in hundredths (8650 = 86.50分)
    votes: int


def standings(stage: Stage) -> list[Standing]:
    """Entries of the 复评 by mean score then votes; without a 复评 nothing ranks."""
    jr = stage.jury_rounds.filter(kind=RoundKind.SCORE).first()
    votes = dict(Submission.objects.filter(stage=stage).annotate(n=Count("votes")).values_list("pk", "n"))
    if jr is None:
        return []
    rows = []
    for s in in_round(jr):
        scores = [m.score for m in jr.marks.filter(submission=s) if m.score is not None]
        mean = (sum(scores) * 100 + len(scores) // 2) // len(scores) if scores else None
        rows.append(Standing(s, mean, votes.get(s.pk, 0)))
    rows.sort(key=lambda r: (r.score is None, -(r.score or 0), -r.votes, r.submission.pk))
    return rows


def points(value: int) -> str:
    return f"{value // 100}.{value % 100:02d}分"


@transaction.atomic
def photo_confirm(*, actor, stage: Stage):
    """确认成绩: the scored entries ranked by mean score, ties by votes, still tied shared (see the module's
    doc); each entry needs a score."""
    rows = standings(stage)
    if not rows:
        raise Conflict("not_scored", "复评尚未开始")
    missing = [r.submission.title for r in rows if r.score is None]
    if missing:
        raise DomainError("unscored", f"尚未评分：{'、'.join(missing[:5])}")
    ranked: dict[Group, list[services.Ranked]] = {}
    prev: tuple | None = None
    rank = 0
    for i, r in enumerate(rows, start=1):
        key = (r.score, r.votes)
        rank = rank if key == prev else i
        prev = key
        e = r.submission.entrant
        ranked.setdefault(e.group, []).append(
            services.Ranked(e, rank, f"{points(r.score or 0)}（{r.votes}票）")
        )
    return services.placings_record(actor=actor, stage=stage, ranking=ranked)


def vote_counts(stage: Stage) -> dict[int, int]:
    return dict(Submission.objects.filter(stage=stage).annotate(n=Count("votes")).values_list("pk", "n"))


def today() -> dt.date:
    return timezone.localdate()
