"""`gonghui importroster`: the preview by default, --apply to write, the error report beside the file."""

import io

import pytest
from django.core.management import call_command

from gonghui.members.models import Membership
from gonghui.members.tests.factories import resident_id

from .rosters import xlsx

pytestmark = pytest.mark.django_db


def test_preview_then_apply_from_the_command_line(world, tmp_path):
    roster = tmp_path / "名册.xlsx"
    rows = [["甲", resident_id()], ["乙", resident_id()], ["丙", "110105199001011234"]]
    roster.write_bytes(xlsx(rows, headings=["姓名", "身份证号码"]))
    out = io.StringIO()
    call_command("importroster", str(roster), "--union", str(world.base_donghu.pk), stdout=out)
    text = out.getvalue()
    assert "预览" in text and "新会员 2" in text and "错误行 1" in text and "未写入任何数据" in text
    report = tmp_path / "名册-错误报告.xlsx"
    assert report.exists() and str(report) in text
    assert not Membership.objects.exists()
    out = io.StringIO()
    call_command("importroster", str(roster), "--union", str(world.base_donghu.pk), "--apply", stdout=out)
    assert "已导入" in out.getvalue() and Membership.objects.count() == 2
