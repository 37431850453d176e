"""The recognition API: a subtree's honours of a year counted by type, with the report's sentence."""

import datetime as dt

from django.http import HttpRequest
from ninja import Router, Schema

from gonghui.core.access import access
from gonghui.core.api import Id, Year, reads
from gonghui.orgs.selectors import org_get

from . import registry_selectors, selectors
from .report import place_name

router = Router(tags=["评选表彰 awards"])


class CountOut(Schema):
    award_type: str
    name: str
    level: str
    recipient_kind: str
    count: int
    phrase: str


class SummaryOut(Schema):
    org: int
    org_name: str
    year: int
    total: int
    counts: list[CountOut]
    sentence: str
    lectures: int  # activities of the year at which model workers spoke (rule A6, SCENARIOS 002-2)
    lecture_speakers: int  # model-worker speakers at them, 人次


@router.get("/summary", response=reads(SummaryOut))
@access("org.view")
def summary(request: HttpRequest, org: Id, year: Year):
    """Standing honours of the subtree in the year, by award type (national first), and the sentence a report
    writes of them: "通州区1家单位荣获全国五一劳动奖状，1人荣获全国五一劳动奖章；…" (SCENARIOS 000-2)."""
    node = org_get(actor=request.user, pk=org)
    lines = selectors.summary(node, year)
    lectures = registry_selectors.lectures_of_year(node, year)
    return {
        "org": node.pk,
        "org_name": node.name,
        "year": year,
        "total": sum(line.count for line in lines),
        "counts": [
            {
                "award_type": line.award_type.code,
                "name": line.award_type.name,
                "level": line.award_type.level,
                "recipient_kind": line.award_type.recipient_kind,
                "count": line.count,
                "phrase": line.phrase,
            }
            for line in lines
        ],
        "sentence": f"{place_name(node)}{selectors.sentence(lines)}" if lines else "",
        "lectures": lectures.lectures,
        "lecture_speakers": lectures.speakers,
    }


# ---- the model-worker registry (rule A6) ------------------------------------------------------------------------


class LevelCountOut(Schema):
    level: str
    name: str
    count: int


class ModelWorkerOut(Schema):
    id: int
    name: str
    title: str
    level: str
    year: int
    status: str
    allowance: int
    last_visit: dt.date | None


class ModelWorkersOut(Schema):
    org: int
    org_name: str
    total: int
    by_level: list[LevelCountOut]
    workers: list[ModelWorkerOut]


@router.get("/model-workers", response=reads(ModelWorkersOut))
@access("org.view")
def model_workers(request: HttpRequest, org: Id):
    """The model workers of the subtree counted by level (national first), each with the day of their last
    condolence visit (issue 17 §4); the first 500 by name (the page and its export give them all)."""
    node = org_get(actor=request.user, pk=org)
    workers = registry_selectors.workers_for(actor=request.user, org=node).order_by("name", "id")
    levels = registry_selectors.by_level(workers)
    return {
        "org": node.pk,
        "org_name": node.name,
        "total": sum(n for _level, _name, n in levels),
        "by_level": [{"level": level, "name": name, "count": n} for level, name, n in levels],
        "workers": [
            {
                "id": w.pk,
                "name": w.name,
                "title": w.title,
                "level": w.level,
                "year": w.year,
                "status": w.status,
                "allowance": w.allowance,
                "last_visit": w.last_visit,
            }
            for w in workers[:500]
        ],
    }
