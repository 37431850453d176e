"""The report pages as a cadre uses them: paste or upload, read the proposals with their sentences, confirm (nothing
written before), see the figures checked; bad input named in Chinese; a draft taken as .docx, audited."""

import datetime as dt
import io

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from docx import Document

from gonghui.competitions.models import Competition
from gonghui.core.models import AuditEvent
from gonghui.core.testing.world import PASSWORD
from gonghui.orgs.models import Org
from gonghui.press import drafts
from gonghui.press.models import Clipping

from .test_reader import ZONGZI

pytestmark = pytest.mark.django_db
MOMENT = dt.datetime(2024, 6, 11, 1, 0, tzinfo=dt.UTC)  # 9:00 in Beijing, four days after the report


@pytest.fixture
def cadre(client, world):
    client.login(username="chaoyang", password=PASSWORD)
    with time_machine.travel(MOMENT, tick=False):
        yield client


def _read(client, **data):
    return client.post(reverse("press:read"), {"reported_on": "2024-06-07", **data})


def _confirm_data(page) -> dict:
    """The competition form exactly as the page rendered it (what a cadre sends by pressing 确认录入)."""
    form = next(a["proposals"] for a in page.context["articles"])[0]["form"]
    data = {f.html_name: ("" if f.value() is None else f.value()) for f in form}
    return {**data, "prefix": form.prefix}


def test_pasting_a_report_proposes_without_writing(cadre, world):
    page = _read(cadre, text=ZONGZI)
    assert page.status_code == 200
    html = page.content.decode()
    assert 'data-testid="proposal-competition"' in html
    assert "吸引辖区80名职工参赛" in html and "一等奖 1" in html
    assert not Competition.objects.exists() and not Clipping.objects.exists()


def test_confirming_lands_on_the_report_with_its_figures_checked(cadre, world):
    page = _read(cadre, text=ZONGZI)
    answer = cadre.post(reverse("press:confirm", args=["competition"]), _confirm_data(page))
    clipping = Clipping.objects.get()
    assert answer.status_code == 302 and answer["Location"] == reverse("press:clipping", args=[clipping.pk])
    shown = cadre.get(answer["Location"]).content.decode()
    assert shown.count("一致") == 4
    assert Competition.objects.get().org == world.changying


def test_a_corrected_figure_is_recorded_and_the_difference_shown(cadre, world):
    page = _read(cadre, text=ZONGZI)
    data = _confirm_data(page)
    data[f"{data['prefix']}-people_counted"] = "78"
    answer = cadre.post(reverse("press:confirm", args=["competition"]), data)
    shown = cadre.get(answer["Location"]).content.decode()
    assert "报道：80名；记录：78名" in shown


def test_an_organiser_outside_the_subtree_is_refused_by_name(cadre, world):
    page = _read(cadre, text=ZONGZI)
    data = _confirm_data(page)
    data[f"{data['prefix']}-org"] = str(world.dashilan.pk)
    answer = cadre.post(reverse("press:confirm", args=["competition"]), data)
    assert answer.status_code == 200
    assert "未找到该组织（只能选择您管辖范围内的组织）" in answer.content.decode()
    assert not Competition.objects.exists() and not Clipping.objects.exists()


def test_a_tier_line_that_cannot_be_read_names_its_line(cadre, world):
    page = _read(cadre, text=ZONGZI)
    data = _confirm_data(page)
    data[f"{data['prefix']}-tiers"] = "一等奖 1\n二等奖若干"
    answer = cadre.post(reverse("press:confirm", args=["competition"]), data)
    assert "第2行“二等奖若干”：请写成“一等奖 1”" in answer.content.decode()
    assert not Competition.objects.exists()


def test_nothing_pasted_is_told_in_chinese(cadre):
    answer = _read(cadre, text="  ")
    assert "请粘贴报道原文，或上传文本文件（.txt）或 Word 文档（.docx）" in answer.content.decode()


def test_a_report_uploaded_as_docx_or_gbk_text_is_read(cadre):
    docx = drafts.docx_bytes("朝阳常营地区职工同场比赛包粽子", ZONGZI.split("\n", 2)[2])
    page = _read(cadre, upload=SimpleUploadedFile("报道.docx", docx))
    assert 'data-testid="proposal-competition"' in page.content.decode()
    page = _read(cadre, upload=SimpleUploadedFile("报道.txt", ZONGZI.encode("gb18030")))
    assert 'data-testid="proposal-competition"' in page.content.decode()


def test_a_damaged_or_foreign_file_is_refused_by_name(cadre):
    answer = _read(cadre, upload=SimpleUploadedFile("报道.docx", b"not a word file"))
    assert "文件“报道.docx”无法读取" in answer.content.decode()
    answer = _read(cadre, upload=SimpleUploadedFile("报道.pdf", b"%PDF-1.4"))
    assert "只能上传文本文件（.txt）或 Word 文档（.docx）" in answer.content.decode()


def test_the_draft_of_a_record_comes_out_as_docx_with_an_audit_row(cadre, world):
    page = _read(cadre, text=ZONGZI)
    cadre.post(reverse("press:confirm", args=["competition"]), _confirm_data(page))
    contest = Competition.objects.get()
    url = reverse("press:draft", args=["competition", contest.pk])
    assert "80名职工参赛" in cadre.get(url).content.decode()
    answer = cadre.post(url, {"headline": "包粽子比赛", "body": "本报讯　第一段。\n第二段。"})
    assert answer["Content-Type"].startswith("application/vnd.openxmlformats-officedocument")
    paragraphs = [p.text for p in Document(io.BytesIO(answer.content)).paragraphs]
    assert paragraphs == ["包粽子比赛", "本报讯　第一段。", "第二段。"]
    assert AuditEvent.objects.filter(action="press.draft_export", target_id=str(contest.pk)).exists()


def test_a_union_the_report_names_is_created_under_its_parent(cadre, world):
    answer = cadre.post(
        reverse("press:org_new"),
        {
            "headline": "报道",
            "reported_on": "2024-06-07",
            "name": "朝阳区三里屯街道总工会",
            "level": "street",
            "parent": world.chaoyang.pk,
        },
    )
    assert answer.status_code == 302
    assert Org.objects.get(name="朝阳区三里屯街道总工会").parent == world.chaoyang
    refused = cadre.post(
        reverse("press:org_new"),
        {
            "headline": "报道",
            "reported_on": "2024-06-07",
            "name": "西城某街道总工会",
            "level": "street",
            "parent": world.xicheng.pk,
        },
    )
    assert "未找到上级组织（只能在您可管理的组织下新建）" in refused.content.decode()
    assert not Org.objects.filter(name="西城某街道总工会").exists()


def test_the_month_summary_is_drafted_from_the_dashboard_and_the_months_records(cadre, world):
    page = _read(cadre, text=ZONGZI)
    cadre.post(reverse("press:confirm", args=["competition"]), _confirm_data(page))
    url = reverse("press:summary") + f"?org={world.chaoyang.pk}&period=month&on=2024-06-11"
    body = cadre.get(url).context["draft"]
    assert body.headline == "朝阳区总工会2024年6月工作简报"
    lines = body.body.splitlines()
    assert lines[0] == "一、总体情况"
    assert any(line.startswith("本月以来，朝阳区总工会") for line in lines)  # the dashboard's own sentences
    assert "二、竞赛" in lines
    assert "1. 6月7日，常营地区总工会组织开展“奋斗时代 匠心常营”主题职工技能竞赛，80名职工参赛。" in lines
    out_of_scope = cadre.get(reverse("press:summary") + f"?org={world.xicheng.pk}&period=month&on=2024-06-11")
    assert out_of_scope.status_code == 404


def test_a_first_try_starts_from_an_example_report_of_the_demo_world(cadre):
    page = cadre.get(reverse("press:read") + "?example=1")
    form = page.context["form"]
    assert form["text"].value().startswith("## 朝阳常营地区职工同场比赛包粽子")
    assert form["reported_on"].value() == dt.date(2024, 6, 7)


def test_numbers_beyond_what_the_database_holds_are_refused_by_field(cadre, world):
    page = _read(cadre, text=ZONGZI)
    data = _confirm_data(page)
    data[f"{data['prefix']}-people_counted"] = "99999999999"
    data[f"{data['prefix']}-org"] = "9" * 30
    answer = cadre.post(reverse("press:confirm", args=["competition"]), data)
    assert answer.status_code == 200
    errors = answer.context["form"].errors
    assert set(errors) == {"org", "people_counted"}
    assert not Competition.objects.exists()


def test_the_honours_draft_of_a_subtree_outside_the_cadres_is_not_found(cadre, world):
    inside = cadre.get(reverse("press:draft", args=["honours", world.changying.pk]) + "?year=2024")
    assert inside.status_code == 200
    assert "暂无登记的获奖集体和个人" in inside.content.decode()
    outside = cadre.get(reverse("press:draft", args=["honours", world.dashilan.pk]) + "?year=2024")
    assert outside.status_code == 404
