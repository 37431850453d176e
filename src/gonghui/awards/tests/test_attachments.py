"""Files attached to a nominee's material (推荐材料附件, issue 17 §2, rule A4): PDF, DOCX and photos known by their
bytes, at most 10 MB each and 10 per nominee, kept under a name Gonghui chooses, downloaded only by whoever sees
the nominee (each download audited), and changed only while the material may still be corrected."""

import datetime as dt
import io
import zipfile

import pytest
import time_machine
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from pypdf import PdfReader

from gonghui.awards import round_services as services
from gonghui.awards.attachments import ATTACHMENT_MAX_BYTES, attachment_store, kind_of, size_label
from gonghui.awards.models import Attachment, AwardType, Category, State, Stream
from gonghui.awards.tests import files
from gonghui.core.errors import Conflict, DomainError, NotFound
from gonghui.core.models import AuditCategory, AuditEvent
from gonghui.core.testing import images
from gonghui.core.testing.world import PASSWORD

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 10, 20, 10, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _pinned():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def nominee(world):
    medal = AwardType.objects.get(code="capital-labour-medal")
    city = world.user("city_admin")
    round_ = services.round_open(
        actor=city, org=world.city, name="2026年首都劳动奖", year=2026, totals={(medal, Stream.REGULAR): 4}
    )
    line = f"{medal.pk}-regular"
    services.quotas_set(
        actor=city,
        round=round_,
        org=world.city,
        parts={(line, world.chaoyang.pk): 3, (line, world.xicheng.pk): 1},
    )
    return services.nomination_add(
        actor=world.user("chaoyang"),
        round=round_,
        org=world.chaoyang,
        award_type=medal,
        unit_name="北京朝阳建工集团",
        person_name="张伟",
        categories=[Category.INDUSTRIAL],
    )


def _add(world, nominee, upload, kind=Attachment.Kind.DEEDS):
    return services.attachment_add(actor=world.user("chaoyang"), nomination=nominee, upload=upload, kind=kind)


def _client(client, name):
    assert client.login(username=name, password=PASSWORD)
    return client


def test_a_real_pdf_docx_and_png_are_kept_under_names_gonghui_chose(world, nominee):  # rule A4
    pdf = _add(world, nominee, files.pdf_upload("张伟事迹材料.pdf"))
    docx = _add(world, nominee, files.docx_upload("获奖证书复印件.docx"), Attachment.Kind.PROOF)
    png = _add(world, nominee, files.png_upload("工作照.png"), Attachment.Kind.PHOTO)
    assert [a.original_name for a in nominee.attachments.all()] == [
        "张伟事迹材料.pdf",
        "获奖证书复印件.docx",
        "工作照.png",
    ]
    for attachment, ext in ((pdf, "pdf"), (docx, "docx"), (png, "png")):
        stored = attachment.stored_name
        assert stored.startswith("awards/attachments/") and stored.endswith(f".{ext}")
        assert (
            attachment.original_name.rsplit(".", 1)[0] not in stored
        )  # the uploader's name never names a file
        assert default_storage.exists(stored) and attachment.size == default_storage.size(stored)
        assert attachment.uploaded_by == world.user("chaoyang")
    with default_storage.open(pdf.stored_name, "rb") as fh:
        assert len(PdfReader(fh).pages) == 1  # kept byte for byte
    with default_storage.open(png.stored_name, "rb") as fh:
        assert Image.open(fh).format == "PNG"
    events = AuditEvent.objects.filter(action="award.attachment.add").order_by("id")
    assert [e.after["file"] for e in events] == ["张伟事迹材料.pdf", "获奖证书复印件.docx", "工作照.png"]
    assert events[1].after["kind"] == "证明材料" and events[0].org == world.chaoyang


def test_a_photo_loses_its_location_on_the_way_in(world, nominee):
    attachment = _add(world, nominee, SimpleUploadedFile("现场.jpg", images.jpeg_with_gps()), "photo")
    with default_storage.open(attachment.stored_name, "rb") as fh:
        kept = Image.open(fh)
        assert kept.format == "JPEG" and images.GPS_IFD not in kept.getexif()


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("事迹材料.pdf", files.exe_bytes()),  # a program renamed
        ("证明材料.docx", b"<!doctype html><html><script>alert(1)</script></html>"),  # a web page renamed
        ("照片.png", b"<html><body>not a photo</body></html>"),
        ("材料.docx", b"PK\x03\x04" + b"\0" * 60),  # a zip's signature on nothing
        ("伪装照片.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 64),  # a photo's signature on nothing
    ],
)
def test_a_disguised_file_is_refused_by_name(world, nominee, name, content):  # rule A4
    with pytest.raises(DomainError) as refused:
        _add(world, nominee, SimpleUploadedFile(name, content))
    assert refused.value.message == f"文件“{name}”不是 PDF、Word（DOCX）、JPG 或 PNG 格式，未上传"
    assert refused.value.fields == {"file": "只接受 PDF、Word（DOCX）、JPG 或 PNG 文件"}
    assert not nominee.attachments.exists()


def test_a_zip_that_is_not_a_word_document_is_refused(world, nominee):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml", "<workbook/>")  # a spreadsheet, not a document
    assert kind_of(SimpleUploadedFile("表.docx", out.getvalue())) is None
    assert kind_of(SimpleUploadedFile("材料.docx", files.docx_bytes())) == "docx"


def test_a_file_over_10_mb_is_refused(world, nominee):  # rule A4
    big = files.pdf_bytes() + b"%" * (ATTACHMENT_MAX_BYTES + 1 - len(files.pdf_bytes()))
    with pytest.raises(DomainError) as refused:
        _add(world, nominee, SimpleUploadedFile("扫描件.pdf", big))
    assert refused.value.message == "文件“扫描件.pdf”超过 10 MB，未上传"
    exactly = SimpleUploadedFile("刚好.pdf", big[:ATTACHMENT_MAX_BYTES])
    assert attachment_store(exactly)[1] == "pdf"


def test_an_eleventh_file_is_refused(world, nominee):  # rule A4
    for i in range(10):
        _add(world, nominee, files.pdf_upload(f"材料{i + 1}.pdf"))
    with pytest.raises(Conflict) as full:
        _add(world, nominee, files.pdf_upload("材料11.pdf"))
    assert full.value.message == "张伟已有10个附件（上限10个），文件“材料11.pdf”未上传，请先删除不需要的附件"
    assert nominee.attachments.count() == 10


def test_the_page_lists_uploads_and_names_a_refused_file(client, world, nominee):
    cadre = _client(client, "chaoyang")
    page = f"/awards/nominations/{nominee.pk}/"
    html = cadre.get(page).content.decode()
    assert 'enctype="multipart/form-data"' in html and "尚无附件" in html
    answer = cadre.post(
        f"/awards/nominations/{nominee.pk}/attachments/",
        {"kind": "deeds", "file": files.pdf_upload("张伟事迹材料.pdf")},
        follow=True,
    )
    html = answer.content.decode()
    assert "已上传附件：张伟事迹材料.pdf" in html
    listed = html[html.index('data-testid="attachments"') :]
    assert "张伟事迹材料.pdf" in listed and "事迹材料" in listed and "1 KB" in listed
    assert "2026-10-20" in listed  # uploaded when
    answer = cadre.post(
        f"/awards/nominations/{nominee.pk}/attachments/",
        {"kind": "proof", "file": SimpleUploadedFile("证明.pdf", files.exe_bytes())},
        follow=True,
    )
    assert "文件“证明.pdf”不是 PDF、Word（DOCX）、JPG 或 PNG 格式，未上传" in answer.content.decode()
    assert nominee.attachments.count() == 1


def test_sizes_read_in_kb_and_mb():
    assert [size_label(n) for n in (10, 2048, 820 * 1024, int(2.4 * 1024 * 1024))] == [
        "1 KB",
        "2 KB",
        "820 KB",
        "2.4 MB",
    ]


def test_a_download_is_served_as_a_file_to_those_who_see_the_nominee_and_audited(
    client, world, nominee
):  # rule A4
    attachment = _add(world, nominee, files.pdf_upload("张伟事迹材料.pdf"))
    url = f"/awards/attachments/{attachment.pk}/"
    assert _client(client, "xicheng").get(url).status_code == 404  # 西城 does not see 朝阳's list
    assert not AuditEvent.objects.filter(action="award.attachment.download").exists()
    client.logout()
    answer = _client(client, "chaoyang").get(url)
    assert answer.status_code == 200
    assert answer["Content-Type"] == "application/pdf"
    assert answer["Content-Disposition"] == (
        "attachment; filename*=UTF-8''%E5%BC%A0%E4%BC%9F%E4%BA%8B%E8%BF%B9%E6%9D%90%E6%96%99.pdf"
    )
    assert answer["X-Content-Type-Options"] == "nosniff"
    assert b"".join(answer.streaming_content) == files.pdf_bytes()
    event = AuditEvent.objects.get(action="award.attachment.download")
    assert (event.category, event.actor, event.org) == (
        AuditCategory.ACCESS,
        world.user("chaoyang"),
        world.chaoyang,
    )
    assert event.after == {"file": "张伟事迹材料.pdf", "kind": "事迹材料"}
    assert event.target_id == str(nominee.pk)


def test_the_city_that_opened_the_round_may_download_too(client, world, nominee):
    attachment = _add(world, nominee, files.pdf_upload())
    assert _client(client, "city_admin").get(f"/awards/attachments/{attachment.pk}/").status_code == 200


def test_removing_deletes_the_file_once_committed(
    world, nominee, django_capture_on_commit_callbacks
):  # rule A4
    attachment = _add(world, nominee, files.pdf_upload())
    stored = attachment.stored_name
    with django_capture_on_commit_callbacks(execute=True):
        services.attachment_remove(actor=world.user("chaoyang"), attachment=attachment)
    assert not nominee.attachments.exists() and not default_storage.exists(stored)
    event = AuditEvent.objects.get(action="award.attachment.remove")
    assert event.before == {"file": "事迹材料.pdf", "kind": "事迹材料"}


def test_out_of_scope_cannot_add_or_remove(world, nominee):
    attachment = _add(world, nominee, files.pdf_upload())
    with pytest.raises(NotFound):
        services.attachment_add(actor=world.user("xicheng"), nomination=nominee, upload=files.pdf_upload())
    with pytest.raises(NotFound):
        services.attachment_remove(actor=world.user("xicheng"), attachment=attachment)


def test_once_the_node_has_reviewed_the_material_its_files_stay(client, world, nominee):  # rule A4
    attachment = _add(world, nominee, files.pdf_upload())
    nominee.state = State.NODE_REVIEWED
    nominee.save()
    cadre = world.user("chaoyang")
    with pytest.raises(Conflict) as refused:
        services.attachment_remove(actor=cadre, attachment=attachment)
    assert refused.value.message == "张伟当前为“上级已审核”，不能删除材料附件"
    with pytest.raises(Conflict) as late:
        services.attachment_add(actor=cadre, nomination=nominee, upload=files.pdf_upload("补充.pdf"))
    assert late.value.message == "张伟当前为“上级已审核”，不能上传材料附件"
    assert list(nominee.attachments.all()) == [attachment]
    html = _client(client, "chaoyang").get(f"/awards/nominations/{nominee.pk}/").content.decode()
    assert "事迹材料.pdf" in html  # still listed and downloadable
    assert f"/awards/attachments/{attachment.pk}/remove/" not in html and "上传附件" not in html
    answer = client.post(f"/awards/attachments/{attachment.pk}/remove/", follow=True)
    assert "不能删除材料附件" in answer.content.decode()
    assert nominee.attachments.count() == 1


def test_taking_a_nominee_off_the_list_takes_its_files(world, nominee, django_capture_on_commit_callbacks):
    stored = _add(world, nominee, files.pdf_upload()).stored_name
    with django_capture_on_commit_callbacks(execute=True):
        services.nomination_remove(actor=world.user("chaoyang"), nomination=nominee)
    assert not Attachment.objects.exists() and not default_storage.exists(stored)
