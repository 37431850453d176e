"""Photo contests (rule C7): a member submits on the phone, staff screen, the jury marks in two rounds, members
vote once per entry, and the confirmed ranking gives the prizes. Whatever a member may not see answers a plain
404 that reads the same whether or not the entry, the contest or the person exists."""

import datetime as dt

import pytest
import time_machine
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile

from gonghui.competitions import photo_services, services
from gonghui.competitions.models import CompetitionKind, Format, Placing, RoundKind, SubmissionStatus, Vote
from gonghui.core.errors import Conflict, DomainError, NotFound
from gonghui.core.models import AuditEvent
from gonghui.core.testing import images
from gonghui.core.testing.world import PASSWORD
from gonghui.members.sessions import MEMBER_SESSION_KEY
from gonghui.members.tests.factories import enrol

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 6, 18, 9, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _pinned():
    cache.clear()
    with time_machine.travel(NOW, tick=False):
        yield
    cache.clear()


def photo_contest(org, name="骑手摄影大赛"):
    c = services.competition_create(
        actor=services.SYSTEM,
        data=services.CompetitionData(
            org=org,
            kind=CompetitionKind.PHOTO,
            name=name,
            starts_on=NOW.date(),
            tiers=[services.TierData("一等奖", 1), services.TierData("二等奖", 1)],
            stages=[services.StageData("作品征集", Format.PHOTO)],
        ),
    )
    return c.stages.get()


def upload(name="街头.png"):
    return SimpleUploadedFile(name, images.png((40, 30)), content_type="image/png")


def submit(person, stage, title):
    return photo_services.submission_create(
        person=person, stage=stage, data=photo_services.SubmissionData(title, "说明", upload())
    )


def member(client, person):
    client.logout()
    session = client.session
    session[MEMBER_SESSION_KEY] = person.pk
    session.save()
    return client


@pytest.fixture
def contest(world):
    stage = photo_contest(world.donghu)
    people = [enrol(world.base_donghu, n).person for n in ("甲骑手", "乙骑手", "丙骑手")]
    return stage, people


def test_members_submit_vote_once_and_the_jury_decides(contest, world):  # rule C7
    stage, (a, b, c) = contest
    sa, sb = submit(a, stage, "雨中送餐"), submit(b, stage, "城市晨光")
    assert sa.entrant.person == a and sa.entrant.channel == "phone"
    with pytest.raises(Conflict, match="每人限投一件"):
        submit(a, stage, "第二件")
    staff = world.user("chaoyang")
    with pytest.raises(NotFound):  # not accepted yet: nobody else sees it
        photo_services.vote_cast(person=c, submission=sa)
    with pytest.raises(DomainError, match="不予通过的原因"):
        photo_services.submission_screen(actor=staff, submission=sb, accept=False)
    photo_services.submission_screen(actor=staff, submission=sa, accept=True)
    photo_services.submission_screen(actor=staff, submission=sb, accept=True)
    photo_services.vote_cast(person=c, submission=sa)
    with pytest.raises(Conflict, match="已为该作品投过票"):
        photo_services.vote_cast(person=c, submission=sa)
    with pytest.raises(Conflict, match="不能为自己的作品投票"):
        photo_services.vote_cast(person=a, submission=sa)
    photo_services.vote_cast(person=a, submission=sb)
    photo_services.vote_cast(person=b, submission=sa)
    assert Vote.objects.filter(submission=sa).count() == 2
    assert AuditEvent.objects.filter(action="competition.photo.vote").count() == 3

    r1 = photo_services.round_open(actor=staff, stage=stage, kind=RoundKind.SHORTLIST)
    stage.refresh_from_db()
    assert stage.started_at is not None
    with pytest.raises(Conflict, match="已截止"):
        submit(c, stage, "太晚了")
    photo_services.marks_record(actor=staff, jr=r1, marks={sa.pk: True, sb.pk: True})
    photo_services.marks_record(actor=world.user("donghu"), jr=r1, marks={sa.pk: True, sb.pk: False})
    r2 = photo_services.round_open(actor=staff, stage=stage, kind=RoundKind.SCORE)
    assert {s.pk for s in photo_services.in_round(r2)} == {sa.pk, sb.pk}  # half the jurors said yes to sb
    photo_services.marks_record(actor=staff, jr=r2, marks={sa.pk: 90, sb.pk: 88})
    photo_services.marks_record(actor=world.user("donghu"), jr=r2, marks={sa.pk: 86, sb.pk: 88})
    with pytest.raises(DomainError, match="0到100"):
        photo_services.marks_record(actor=staff, jr=r2, marks={sa.pk: 101})
    photo_services.photo_confirm(actor=staff, stage=stage)
    got = {p.entrant.name: (p.rank, p.tier.name, p.figure) for p in Placing.objects.filter(stage=stage)}
    # equal mean scores (88.00): the votes settle it (2 to 1)
    assert got == {"甲骑手": (1, "一等奖", "88.00分（2票）"), "乙骑手": (2, "二等奖", "88.00分（1票）")}
    with pytest.raises(NotFound):  # the contest is over: no more votes
        photo_services.vote_cast(person=c, submission=sb)


def test_votes_are_rate_limited_per_member(contest, world, monkeypatch):
    stage, (a, b, c) = contest
    monkeypatch.setattr(photo_services, "VOTES_PER_HOUR", (1, 3600))
    sa, sb = submit(a, stage, "一"), submit(b, stage, "二")
    for s in (sa, sb):
        photo_services.submission_screen(actor=world.user("chaoyang"), submission=s, accept=True)
    photo_services.vote_cast(person=c, submission=sa)
    with pytest.raises(DomainError, match="投票过于频繁"):
        photo_services.vote_cast(person=c, submission=sb)


def test_a_photo_that_is_not_one_is_refused(contest):
    stage, (a, _b, _c) = contest
    fake = SimpleUploadedFile("x.jpg", b"<html>not a photo</html>", content_type="image/jpeg")
    with pytest.raises(DomainError, match="不是 JPG"):
        photo_services.submission_create(
            person=a, stage=stage, data=photo_services.SubmissionData("假", "", fake)
        )
    assert not stage.submissions.exists() and not stage.competition.entrants.exists()


def test_member_pages_submit_vote_and_refuse_a_second_vote(contest, client, world):
    stage, (a, _b, c) = contest
    url = f"/me/contests/{stage.pk}/"
    assert "骑手摄影大赛" in member(client, a).get("/me/contests/").content.decode()
    page = client.post(
        url, {"action": "submit", "title": "雨中送餐", "caption": "", "photo": upload()}, follow=True
    )
    assert "作品已提交" in page.content.decode()
    sa = stage.submissions.get()
    assert client.get(f"/me/contests/entry/{sa.pk}.img").status_code == 200  # one's own, before screening
    photo_services.submission_screen(actor=world.user("chaoyang"), submission=sa, accept=True)
    member(client, c)
    assert "雨中送餐" in client.get(url).content.decode()
    page = client.post(url, {"action": "vote", "submission": sa.pk}, follow=True).content.decode()
    assert "已为“雨中送餐”投票" in page
    page = client.post(url, {"action": "vote", "submission": sa.pk}, follow=True).content.decode()
    assert "您已为该作品投过票，每件作品只能投一次" in page
    assert Vote.objects.count() == 1


def test_every_refusal_is_a_plain_404_that_tells_nothing(contest, client, world):
    """An entry not yet accepted, an entry of a contest out of the member's reach, and an id that does not exist
    answer the same 404; someone not signed in goes to the sign-in page; a person with no membership sees no
    contest at all. Nothing on the pages names another member."""
    stage, (a, _b, c) = contest
    hidden = submit(a, stage, "待审作品")
    far = photo_contest(world.dashilan, "西城摄影赛")
    far_person = enrol(world.base_xicheng, "西城骑手").person
    far_entry = submit(far_person, far, "西城作品")
    photo_services.submission_screen(actor=world.user("xicheng"), submission=far_entry, accept=True)
    member(client, c)
    answers = []
    for path in (
        f"/me/contests/entry/{hidden.pk}/",
        f"/me/contests/entry/{hidden.pk}.img",
        f"/me/contests/entry/{far_entry.pk}/",
        f"/me/contests/entry/{far_entry.pk}.img",
        "/me/contests/entry/999999/",
        f"/me/contests/{far.pk}/",
        "/me/contests/999999/",
    ):
        r = client.get(path)
        answers.append((r.status_code, r.content))
    assert {s for s, _ in answers} == {404}
    assert len({body for _, body in answers}) == 1  # the same page whatever was asked
    for sid in (hidden.pk, far_entry.pk, 999999):
        r = client.post(f"/me/contests/{stage.pk}/", {"action": "vote", "submission": sid})
        assert r.status_code == 404
    assert Vote.objects.count() == 0
    page = client.get(f"/me/contests/{stage.pk}/").content.decode()
    assert "甲骑手" not in page and "待审作品" not in page
    client.logout()
    r = client.get(f"/me/contests/{stage.pk}/")
    assert r.status_code == 302 and r["Location"].startswith("/me/login/")
    stranger = enrol(world.base_donghu, "已退会", approve=False).person
    member(client, stranger)
    assert client.get(f"/me/contests/{stage.pk}/").status_code == 404
    assert "暂无作品征集" in client.get("/me/contests/").content.decode()


def test_the_staff_page_screens_and_confirms(contest, client, world):
    stage, (a, b, _c) = contest
    sa, sb = submit(a, stage, "雨中送餐"), submit(b, stage, "城市晨光")
    url = f"/competitions/{stage.competition.pk}/photo/{stage.pk}/"
    assert client.login(username="chaoyang", password=PASSWORD)
    page = client.get(url).content.decode()
    assert "雨中送餐" in page and "甲骑手" not in page  # authors masked
    page = client.post(url, {"action": "disqualify", "submission": sb.pk, "reason": ""}, follow=True)
    assert "请填写不予通过的原因" in page.content.decode()
    client.post(url, {"action": "disqualify", "submission": sb.pk, "reason": "非本人拍摄"})
    client.post(url, {"action": "accept", "submission": sa.pk})
    sb.refresh_from_db()
    assert (sb.status, sb.reason) == (SubmissionStatus.DISQUALIFIED, "非本人拍摄")
    client.post(url, {"action": "shortlist"})
    client.post(url, {"action": "marks", f"mark-{sa.pk}": "yes"})
    client.post(url, {"action": "score"})
    client.post(url, {"action": "marks", f"mark-{sa.pk}": "91"})
    page = client.post(url, {"action": "confirm"}, follow=True).content.decode()
    assert "成绩已确认" in page
    assert Placing.objects.get(stage=stage).tier.name == "一等奖"
    assert (
        client.get(f"/competitions/{stage.competition.pk}/photo/{stage.pk}/entry/{sa.pk}.img").status_code
        == 200
    )
    assert client.login(username="xicheng", password=PASSWORD)
    assert client.get(url).status_code == 404
