"""The heats' and the photo contests' rows of the access matrix (core/tests/test_access.py): a stage on each side
of the scope line (东湖 in 朝阳's subtree, 大栅栏 in 西城's), and for the members' phone pages a photo contest of
东湖 with an accepted entry, which the matrix's signed-in member (a member of a union under 东湖) may see."""

import datetime as dt

from gonghui.competitions import photo_services, services
from gonghui.competitions.models import CompetitionKind, Format
from gonghui.core.scope import SYSTEM
from gonghui.core.testing import images

DAY = dt.date(2026, 6, 18)  # tests pin their dates, never read today's


def _stage(org, fmt: str, name: str):
    c = services.competition_create(
        actor=SYSTEM,
        data=services.CompetitionData(
            org=org,
            kind=CompetitionKind.PHOTO if fmt == Format.PHOTO else CompetitionKind.SPORT,
            name=name,
            starts_on=DAY,
            stages=[services.StageData("决赛", fmt)],
            backdate_reason="测试数据：固定日期",
        ),
    )
    return c.stages.get()


def _photo_sides(world):
    if not hasattr(world, "_photo_stages"):
        from django.core.files.uploadedfile import SimpleUploadedFile

        from gonghui.members.tests.factories import enrol

        s_in = _stage(world.donghu, Format.PHOTO, "矩阵摄影赛")
        s_out = _stage(world.dashilan, Format.PHOTO, "矩阵摄影赛")
        author = enrol(world.base_donghu, "矩阵作者").person
        entry = photo_services.submission_create(
            person=author,
            stage=s_in,
            data=photo_services.SubmissionData(
                "矩阵作品", "", SimpleUploadedFile("a.png", images.png(), content_type="image/png")
            ),
        )
        photo_services.submission_screen(actor=SYSTEM, submission=entry, accept=True)
        world._photo_stages = (s_in, s_out, entry)
    return world._photo_stages


def heats_page_rows(world) -> dict:
    s_in, s_out = (
        _stage(world.donghu, Format.HEATS, "矩阵接力"),
        _stage(world.dashilan, Format.HEATS, "矩阵接力"),
    )
    return {
        "competitions:heats": (
            "GET",
            {"pk": s_in.competition_id, "stage_id": s_in.pk},
            {"pk": s_out.competition_id, "stage_id": s_out.pk},
            "chaoyang",
        )
    }


def photo_page_rows(world) -> dict:
    s_in, s_out, entry = _photo_sides(world)
    return {
        "competitions:photo": (
            "GET",
            {"pk": s_in.competition_id, "stage_id": s_in.pk},
            {"pk": s_out.competition_id, "stage_id": s_out.pk},
            "chaoyang",
        ),
        "competitions:photo_image": (
            "GET",
            {"pk": s_in.competition_id, "stage_id": s_in.pk, "submission_id": entry.pk},
            {"pk": s_out.competition_id, "stage_id": s_out.pk, "submission_id": entry.pk},
            "chaoyang",
        ),
        # the member's phone pages (rule MEMBER): the signed-in member sees them, anyone else is sent to sign in
        "contests_me": ("GET", {}, None, None),
        "contest_me": ("GET", {"stage_id": s_in.pk}, None, None),
        "contest_entry_me": ("GET", {"submission_id": entry.pk}, None, None),
        "contest_image_me": ("GET", {"submission_id": entry.pk}, None, None),
    }
