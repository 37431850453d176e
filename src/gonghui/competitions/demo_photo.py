"""The demo's 000-3 contests of 东湖街道总工会: the couriers' fun sports meeting (趣味运动会), a timed race in heats
and a final with prizes (rule C6), and the couriers' online photo contest (rule C7) with entries from members of
东湖's new-employment-form joint union, photos drawn here with Pillow, screening, a jury's two rounds, members'
votes and prizes. Running it again adds nothing."""

import datetime as dt
import io

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone
from PIL import Image, ImageDraw

from gonghui.core.scope import SYSTEM
from gonghui.demo.dates import reported
from gonghui.demo.loader import demo_org, ensure_demo_staff
from gonghui.members.models import MEMBER_STATUSES, Membership, lapsed_q

from . import heats_services, photo_services, services
from .models import Competition, CompetitionKind, Format, RoundKind, RunStatus

DONGHU = "东湖街道总工会"
RIDERS_UNION = "东湖街道新就业形态劳动者联合工会"
SPORTS_000_3 = "东湖街道快递小哥趣味运动会"
PHOTO_000_3 = "“最美快递小哥”手机摄影大赛"
BACKDATE = "演示数据：据报道补录（000-3）"
PHOTOS = (
    ("雨中送达", "暴雨天按时送到每一单", (70, 110, 160)),
    ("凌晨四点的分拣站", "天还没亮，包裹已经出发", (40, 50, 90)),
    ("电梯里的微笑", "业主帮我按住了电梯", (220, 170, 90)),
    ("驿站里的一碗热汤", "劳动者驿站的热汤", (200, 90, 60)),
    ("胡同里的小黄车", "穿过老胡同送件", (230, 200, 60)),
    ("夕阳下的归途", "收工回家的路上", (240, 140, 70)),
    ("骑手的全家福", "孩子第一次来看我上班", (120, 170, 110)),
    ("网上找的风景图", "", (90, 160, 200)),
)
TIMES = (1412, 1388, 1455, 1501, 1397, 1620, 1433, 1379, 1466, 1520, 1402, 1490)  # 30米障碍跑, 百分之一秒


def _riders(limit: int) -> list[Membership]:
    """Members of 东湖's joint union of riders (they joined at the outreach stall) who may take part today: a
    membership whose dues stopped six months ago reads as left (M7) and may not enter or vote."""
    rows = (
        Membership.objects.filter(org=demo_org(RIDERS_UNION), status__in=MEMBER_STATUSES)
        .exclude(lapsed_q(timezone.localdate()))
        .select_related("person", "org")
    )
    return list(rows.order_by("id")[:limit])


def _photo(colour: tuple[int, int, int], n: int) -> SimpleUploadedFile:
    """A small picture: a sky in the entry's colour, a road, a rider's box and a wheel or two."""
    img = Image.new("RGB", (480, 320), colour)
    d = ImageDraw.Draw(img)
    d.rectangle((0, 220, 480, 320), fill=(80, 80, 80))
    d.rectangle((0, 262, 480, 268), fill=(240, 240, 240))
    x = 60 + (n * 47) % 260
    d.rectangle((x, 150, x + 70, 200), fill=(250, 200, 20))
    d.ellipse((x - 10, 195, x + 30, 235), outline=(20, 20, 20), width=6)
    d.ellipse((x + 55, 195, x + 95, 235), outline=(20, 20, 20), width=6)
    d.ellipse((380, 30, 440, 90), fill=(255, 240, 200))
    out = io.BytesIO()
    img.save(out, format="PNG")
    return SimpleUploadedFile(f"photo{n}.png", out.getvalue(), content_type="image/png")


@transaction.atomic
def load_sports_000_3() -> str:
    donghu = demo_org(DONGHU)
    if Competition.objects.filter(org=donghu, name=SPORTS_000_3).exists():
        return "已有 present"
    riders = _riders(len(TIMES))
    if len(riders) < 8:
        return "跳过 skipped（联合工会会员不足）"
    day = reported(dt.date(2024, 6, 15))
    c = services.competition_create(
        actor=SYSTEM,
        data=services.CompetitionData(
            org=donghu,
            kind=CompetitionKind.SPORT,
            name=SPORTS_000_3,
            starts_on=day,
            place_text="东湖街道文体中心",
            description="30米负重障碍跑：分组预赛，每组第一名（Q）和其余成绩最好的（q）共6人进入决赛。",
            tiers=[
                services.TierData("一等奖", 1),
                services.TierData("二等奖", 2),
                services.TierData("三等奖", 3),
            ],
            stages=[
                services.StageData("预赛", Format.HEATS, advance=6, settings={"heats": 2, "by_place": 1}),
                services.StageData("决赛", Format.HEATS, settings={"heats": 1}),
            ],
            backdate_reason=BACKDATE,
        ),
    )
    group = c.groups.get()
    rows = [
        services.EntrantData(
            group=group, person=m.person, units=[services.UnitData(union=m.org)], number=f"{i:02d}", seed=i
        )
        for i, m in enumerate(riders, start=1)
    ]
    services.entrants_add_many(
        actor=SYSTEM, competition=c, rows=list(enumerate(rows, start=2)), source="演示数据（000-3）"
    )
    time_of = {m.person_id: t for m, t in zip(riders, TIMES, strict=False)}
    for stage in c.stages.order_by("order"):
        heats_services.heats_draw(actor=SYSTEM, stage=stage)
        runs = heats_services.runs_of(stage)
        data = []
        for k, r in enumerate(runs):
            t = time_of[r.entry.entrant.person_id] - (25 if stage.order == 2 else 0) + k % 3
            status = (
                RunStatus.DNF if stage.order == 1 and r.entry.entrant.seed == len(riders) else RunStatus.TIMED
            )
            data.append(heats_services.TimeData(r, t if status == RunStatus.TIMED else None, status))
        heats_services.times_record(actor=SYSTEM, stage=stage, rows=data)
        heats_services.heats_confirm(actor=SYSTEM, stage=stage)
    return f"趣味运动会 sports meeting: {len(riders)}名骑手，预赛{2}组 新建 new（东湖）"


@transaction.atomic
def load_photo_000_3() -> str:
    donghu = demo_org(DONGHU)
    if Competition.objects.filter(org=donghu, name=PHOTO_000_3).exists():
        return "已有 present"
    riders = _riders(len(PHOTOS) + 12)
    if len(riders) < len(PHOTOS) + 2:
        return "跳过 skipped（联合工会会员不足）"
    c = services.competition_create(
        actor=SYSTEM,
        data=services.CompetitionData(
            org=donghu,
            kind=CompetitionKind.PHOTO,
            name=PHOTO_000_3,
            starts_on=reported(dt.date(2024, 7, 1)),
            description="会员在手机上投稿，每人一件；评委初评、复评打分，会员投票，平均分相同按票数。",
            tiers=[
                services.TierData("一等奖", 1),
                services.TierData("二等奖", 2),
                services.TierData("三等奖", 3),
            ],
            stages=[services.StageData("作品征集", Format.PHOTO)],
            backdate_reason=BACKDATE,
        ),
    )
    stage = c.stages.get()
    authors, voters = riders[: len(PHOTOS)], riders[len(PHOTOS) :]
    entries = [
        photo_services.submission_create(
            person=m.person,
            stage=stage,
            data=photo_services.SubmissionData(title, caption, _photo(colour, i)),
        )
        for i, (m, (title, caption, colour)) in enumerate(zip(authors, PHOTOS, strict=True))
    ]
    for s in entries[:-1]:
        photo_services.submission_screen(actor=SYSTEM, submission=s, accept=True)
    photo_services.submission_screen(
        actor=SYSTEM, submission=entries[-1], accept=False, reason="非本人拍摄，来自网络图片"
    )
    accepted = entries[:-1]
    for k, m in enumerate(voters):
        for s in accepted[: 1 + (k * 3) % len(accepted)]:
            photo_services.vote_cast(person=m.person, submission=s)
    ensure_demo_staff()  # the jurors are the demo's cadres of 东湖 and 朝阳 (the command adds them after the steps)
    users = get_user_model().objects
    jurors = [users.get(username="donghu"), users.get(username="chaoyang")]
    first = photo_services.round_open(actor=jurors[0], stage=stage, kind=RoundKind.SHORTLIST)
    for j, juror in enumerate(jurors):
        photo_services.marks_record(
            actor=juror, jr=first, marks={s.pk: (i + j) % 4 != 3 for i, s in enumerate(accepted)}
        )
    second = photo_services.round_open(actor=jurors[0], stage=stage, kind=RoundKind.SCORE)
    for j, juror in enumerate(jurors):
        photo_services.marks_record(
            actor=juror,
            jr=second,
            marks={s.pk: 95 - (i * 3) % 17 - j for i, s in enumerate(photo_services.in_round(second))},
        )
    photo_services.photo_confirm(actor=SYSTEM, stage=stage)
    return f"摄影大赛 photo contest: {len(entries)}件作品 新建 new（东湖）"
