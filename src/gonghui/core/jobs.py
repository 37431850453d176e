"""Long work as background tasks: start a job, report progress from it, keep its result file.

A job kind is a function `handler(job, progress) -> (filename, bytes)` registered with
`@job_kind("name", download=...)`, where `download` is the audit action its app declares for fetching the file;
`progress(done, total)` updates the row the progress bar polls (at most every half second).
"""

import logging
import time
from collections.abc import Callable, Iterator

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.tasks import task
from django.utils import timezone

from .audit import Action
from .models import Job, JobStatus

log = logging.getLogger(__name__)

Handler = Callable[[Job, Callable[[int, int], None]], tuple[str, bytes]]
_KINDS: dict[str, Handler] = {}
_DOWNLOADS: dict[str, Action] = {}


def job_kind(name: str, *, download: Action) -> Callable[[Handler], Handler]:
    def register(handler: Handler) -> Handler:
        _KINDS[name] = handler
        _DOWNLOADS[name] = download
        return handler

    return register


def download_action(kind: str) -> Action:
    """The audit action for fetching a job's file, as the job kind's app declared it."""
    return _DOWNLOADS[kind]


def reported(rows, progress: Callable[[int, int], None], *, every: int = 500) -> Iterator:
    """Rows of a queryset as a job writes them, with the progress bar moved along every `every` rows."""
    total = rows.count()
    for i, row in enumerate(rows.iterator(2000), start=1):
        if i % every == 0:
            progress(i, total)
        yield row
    progress(total, total)


@transaction.atomic
def job_start(*, actor, kind: str, title: str, org=None, params: dict | None = None) -> Job:
    if kind not in _KINDS:
        raise ValueError(f"unknown job kind {kind}")
    job = Job.objects.create(actor=actor, kind=kind, title=title, org=org, params=params or {})
    # The task row is written in this same transaction (database backend), so the worker sees both or neither.
    run_job.enqueue(job.pk)
    return job


def _progress_reporter(job: Job) -> Callable[[int, int], None]:
    last = 0.0

    def report(done: int, total: int) -> None:
        nonlocal last
        now = time.monotonic()
        if now - last >= 0.5 or done >= total:
            Job.objects.filter(pk=job.pk).update(done=done, total=total)
            last = now

    return report


@task()
def run_job(job_id: int) -> None:
    job = Job.objects.select_related("actor", "org").get(pk=job_id)
    Job.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING)
    try:
        name, content = _KINDS[job.kind](job, _progress_reporter(job))
        stored = default_storage.save(f"jobs/{job.pk}/{name}", ContentFile(content))
    except Exception as exc:
        log.exception("job %s (%s) failed", job.pk, job.kind)
        Job.objects.filter(pk=job.pk).update(
            status=JobStatus.FAILED, message=f"处理失败：{exc}"[:500], finished_at=timezone.now()
        )
        return
    Job.objects.filter(pk=job.pk).update(
        status=JobStatus.DONE,
        result_file=stored,
        result_name=name,
        finished_at=timezone.now(),
        message="已完成",
    )
