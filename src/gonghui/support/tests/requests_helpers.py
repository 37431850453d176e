"""Shared helpers of the requests' tests: requests made at a pinned moment, and steps taken at one."""

import datetime as dt

import time_machine

from gonghui.core.scope import SYSTEM
from gonghui.support import requests_services as services
from gonghui.support.models.requests import RequestChannel


def at(day: dt.date, hour: int = 2):
    """A moment on `day` (02:00 UTC is 10:00 in Beijing)."""
    return time_machine.travel(dt.datetime(day.year, day.month, day.day, hour, tzinfo=dt.UTC), tick=False)


def call(org, day: dt.date, *, person=None, employer=None, category="wages", caller="来电人", mobile=""):
    with at(day):
        return services.request_log(
            actor=SYSTEM,
            data=services.CallData(
                channel=RequestChannel.HOTLINE,
                category=category,
                description="公司三个月未发工资，共计欠薪两万元",
                logging_org=org,
                person=person,
                caller_name="" if person else caller,
                caller_mobile=mobile,
                employer=employer,
            ),
        )


def step(request, state: str, day: dt.date, text: str = "", actor=SYSTEM):
    with at(day):
        return services.request_step(actor=actor, request=request, state=state, text=text)


def answer(request, day: dt.date, *, ack: dt.date | None = None):
    """Acknowledge (on `ack`, else on `day`), take in hand and answer on `day`."""
    request = step(request, "acknowledged", ack or day)
    request = step(request, "in_hand", day)
    return step(request, "answered", day, "已约谈企业，工资将于本月底前补发")
