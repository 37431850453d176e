"""Every module's demo step runs as `gonghui demo` runs it: on a fresh world, in the modules' order, before the demo
accounts exist (the command adds them last), and a second run creates nothing. A step that leans on something the
command has not made yet fails here, not on a cadre's first `uv run gonghui demo`."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth import get_user_model

from gonghui.core.modules import demo_steps, load
from gonghui.demo.loader import load_world

pytestmark = pytest.mark.django_db
PINNED = dt.datetime(2026, 3, 20, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


def test_the_steps_run_in_the_commands_order_and_once():
    with time_machine.travel(PINNED, tick=False):
        load_world()
        get_user_model().objects.all().delete()  # as on a fresh machine: the accounts come after the steps
        first = {step.label: load(step.run)() for step in demo_steps()}
        assert all(line for line in first.values())
        again = {step.label: load(step.run)() for step in demo_steps()}
    made_again = {label: line for label, line in again.items() if "新建" in line}
    assert made_again == {}
