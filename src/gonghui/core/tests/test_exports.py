"""The shared export flow: every export is audited, a small one is a file at once, a large one a job."""

import io

import pytest
from django.test import RequestFactory
from python_calamine import CalamineWorkbook

from gonghui.core import jobs
from gonghui.core.audit import audit_record
from gonghui.core.downloads import workbook
from gonghui.core.exports import Audited, Background, export_response
from gonghui.core.models import AuditCategory, AuditEvent, Job
from gonghui.core.scope import SYSTEM
from gonghui.core.testing.audit import SampleAudit

pytestmark = pytest.mark.django_db


def _build(rows) -> bytes:
    buffer = io.BytesIO()
    book = workbook(buffer)
    sheet = book.add_worksheet("行")
    for r, event in enumerate(rows):
        sheet.write(r, 0, event.target_label)
    book.close()
    return buffer.getvalue()


@pytest.fixture
def export(world, settings, monkeypatch):
    monkeypatch.setitem(jobs._KINDS, "test.export", lambda job, progress: ("x.xlsx", b""))
    settings.GONGHUI_SYNC_EXPORT_MAX_ROWS = 2
    for label in ("甲", "乙"):
        audit_record(actor=SYSTEM, action=SampleAudit.EVENT, target_label=label)
    request = RequestFactory().get("/")
    request.user = world.user("chaoyang")

    def run(**kwargs):
        return export_response(
            request,
            rows=AuditEvent.objects.filter(action="test.event").order_by("id"),
            build=_build,
            filename="名册.xlsx",
            org=world.chaoyang,
            **kwargs,
        )

    return run


def test_up_to_the_threshold_the_file_comes_at_once_and_the_export_is_audited(export, world):
    response = export(audit=Audited(SampleAudit.EXPORT, target_label="名册", reason="核对"), background=None)
    rows = CalamineWorkbook.from_filelike(io.BytesIO(response.content)).get_sheet_by_index(0).to_python()
    assert [r[0] for r in rows] == ["甲", "乙"]
    assert "filename*=UTF-8''%E5%90%8D%E5%86%8C.xlsx" in response["Content-Disposition"]
    event = AuditEvent.objects.get(action="test.export")
    assert (event.category, event.org, event.target_label, event.reason) == (
        AuditCategory.ACCESS,
        world.chaoyang,
        "名册",
        "核对",
    )
    assert event.actor == world.user("chaoyang") and not Job.objects.exists()


def test_over_the_threshold_a_job_writes_it(export, world):
    audit_record(actor=SYSTEM, action=SampleAudit.EVENT, target_label="丙")
    response = export(
        audit=Audited(SampleAudit.EXPORT), background=Background("test.export", "导出名册", {"a": 1})
    )
    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/jobs/{job.pk}/"
    assert (job.kind, job.title, job.org, job.params) == ("test.export", "导出名册", world.chaoyang, {"a": 1})
    assert AuditEvent.objects.filter(action="test.export").count() == 1
    # without a job kind, a list is always written at once, and unaudited when no audit is asked for
    assert export(audit=None, background=None)["Content-Type"].startswith("application/vnd.openxml")
    assert AuditEvent.objects.filter(action="test.export").count() == 1


def test_the_task_worker_knows_every_lists_export_job_kind():
    """A background export runs in the task worker, which imports no view: after `django.setup()` alone, every
    list declared anywhere (an app's `lists.py` or a part's `<part>_lists.py`) has registered its job kind."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    src = Path(__file__).resolve().parents[3]
    code = (
        "import django; django.setup()\n"
        "from pathlib import Path\n"
        "import gonghui\n"
        "from gonghui.core import jobs\n"
        "root = Path(gonghui.__file__).parent\n"
        "files = sorted(p for p in root.glob('*/*lists.py') if p.parent.name != 'core')\n"
        "print(len(files), len(jobs._KINDS))\n"
        "import importlib\n"
        "before = set(jobs._KINDS)\n"
        "for p in files: importlib.import_module(f'gonghui.{p.parent.name}.{p.stem}')\n"
        "print(sorted(set(jobs._KINDS) - before))\n"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": os.environ.get("DJANGO_SETTINGS_MODULE", "gonghui.settings"),
    }
    run = subprocess.run(  # noqa: S603 - our own interpreter, fixed code
        [sys.executable, "-c", code], cwd=src, capture_output=True, text=True, env=env, check=False
    )
    assert run.returncode == 0, run.stderr[-3000:]
    count, missing = run.stdout.splitlines()[-2:]
    assert int(count.split()[0]) >= 20  # the apps' and the parts' list files were found
    assert missing == "[]", f"job kinds only a view import registers: {missing}"
