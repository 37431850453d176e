"""Schemathesis over the whole API with a district administrator's token: no server errors, every answer as
documented (status code and body), for valid input, invalid input, and valid input aimed at real records.

Three passes over every operation, each with a small fixed number of examples (deterministic: the same
examples every run): input made from the schema (ids are mostly records that do not exist, so this mostly
tests the way in), input that breaks the schema (wrong types, nulls, values out of range), and input made
from the schema whose ids name records of the test world, so that fuzzed values reach the services.
"""

import os
import time
from collections import Counter
from collections.abc import Callable
from importlib import import_module

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis import Case, GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import Failure, FailureGroup
from schemathesis.specs.openapi.checks import response_schema_conformance, status_code_conformance

from gonghui.accounts.services import token_create
from gonghui.activities import services as activities
from gonghui.activities.models import RegistrationMode
from gonghui.activities.tests.factories import activity
from gonghui.care import services as care
from gonghui.care.models import SupplyItem
from gonghui.care.tests.helpers import summer_campaign
from gonghui.core import modules
from gonghui.core.scope import SYSTEM
from gonghui.members import services as members
from gonghui.members.tests.factories import enrol
from gonghui.outreach import services as outreach

pytestmark = pytest.mark.django_db

CHECKS = [not_a_server_error, response_schema_conformance, status_code_conformance]
# Per operation and pass: about a minute on two cores for all three passes; more for a deeper run by hand.
EXAMPLES = int(os.environ.get("GONGHUI_FUZZ_EXAMPLES", "10"))


def real_records(world) -> dict[str, int]:
    """Ids of records in the district's subtree, by the names the API gives them in paths, queries and bodies."""
    admin = world.user("chaoyang")
    member = enrol(world.base_donghu, "王芳")
    moving = enrol(world.base_donghu, "李娜")
    transfer = members.transfer_start(
        actor=admin, membership=moving, to_union=world.base_xicheng, reason="工作调动"
    )
    talk = activity(
        world.donghu,
        registration=RegistrationMode.OPEN,
        capacity=50,
        sessions=[activities.SessionData(topic="第一讲")],
        groups=[activities.GroupData(name="一组", capacity=20)],
    )
    group = talk.groups.get()
    registration = activities.registration_add(actor=admin, activity=talk, guest_name="来宾", group=group)
    event = outreach.event_create(actor=admin, union=world.base_donghu, name="园区入会日")
    code = outreach.code_create(actor=admin, union=world.base_donghu, label="一号码", event=event)
    _, root, package = summer_campaign(world)
    unit = care.unit_allocate(
        actor=SYSTEM, parent=root, org=world.donghu, target_workers=100, package=package, packages=20
    )
    union = world.base_donghu.pk
    return {
        "org_id": union,
        "org": world.chaoyang.pk,
        "subtree": world.chaoyang.pk,
        "union": world.chaoyang.pk,
        "union_id": union,
        "parent_id": world.donghu.pk,
        "new_parent_id": world.changying.pk,
        "to_union_id": world.base_xicheng.pk,
        "member_id": member.pk,
        "ids": member.pk,
        "transfer_id": transfer.pk,
        "activity_id": talk.pk,
        "registration_id": registration.pk,
        "session_id": talk.sessions.get().pk,
        "group_id": group.pk,
        "event_id": event.pk,
        "code_id": code.pk,
        "unit_id": unit.pk,
        "package_id": package.pk,
        "item_id": SupplyItem.objects.order_by("pk").first().pk,
        **module_records(world),
    }


def module_records(world) -> dict[str, int]:
    """What each module's access rows add (`api_records(world)`): its own records by the names its API gives them
    (a new module is one folder, so its ids come from its own tests, not from this list)."""
    found: dict[str, int] = {}
    for _, m in modules.registered():
        if m.access_rows:
            rows = import_module(m.access_rows)
            if hasattr(rows, "api_records"):
                found |= rows.api_records(world)
    return found


def aimed_at(records: dict[str, int]) -> Callable[[Case], Case]:
    """Point a generated case's ids (query and body, nested included) at real records."""

    def point(value, name=None):
        if isinstance(value, dict):
            return {k: point(v, k) for k, v in value.items()}
        if isinstance(value, list):
            return [point(v, name) for v in value]
        if name in records and isinstance(value, int) and not isinstance(value, bool):
            return records[name]
        return value

    def aim(case: Case) -> Case:
        if case.query:
            case.query = point(case.query)
        if isinstance(case.body, dict | list):
            case.body = point(case.body)
        return case

    return aim


def fuzz(strategy, headers: dict[str, str]) -> Counter[int]:
    """Send the strategy's examples and check each answer; how many of each status came back."""
    statuses: Counter[int] = Counter()

    @given(case=strategy)
    @settings(
        max_examples=EXAMPLES,
        derandomize=True,
        deadline=None,
        database=None,
        phases=[Phase.explicit, Phase.generate, Phase.shrink],
        suppress_health_check=list(HealthCheck),
    )
    def run(case: Case) -> None:
        statuses[case.call_and_validate(headers=headers, checks=CHECKS).status_code] += 1

    run()
    return statuses


@pytest.fixture
def wsgi_app():
    """The WSGI application, keeping the test's database connection (and transaction) open between requests as
    Django's test client does: at the end of each request Django closes connections it thinks are stale."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield get_wsgi_application()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def test_every_operation_answers_as_documented(world, wsgi_app, capsys):
    records = real_records(world)
    token = token_create(actor=SYSTEM, user=world.user("chaoyang"), name="fuzz")[1]
    headers = {"Authorization": f"Bearer {token}"}
    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", wsgi_app, headers=headers)
    operations, failures = 0, []
    answers: dict[str, Counter[int]] = {}
    started = time.monotonic()
    for result in schema.get_all_operations():
        operation = result.ok()
        operations += 1
        on_records = {p.name: records[p.name] for p in operation.path_parameters}
        passes = {
            "valid": operation.as_strategy(GenerationMode.POSITIVE),
            "invalid": operation.as_strategy(GenerationMode.NEGATIVE),
            "valid, real records": operation.as_strategy(
                GenerationMode.POSITIVE, path_parameters=on_records
            ).map(aimed_at(records)),
        }
        for name, strategy in passes.items():
            # every operation and pass is tried, and every failure reported
            try:
                answers.setdefault(name, Counter()).update(fuzz(strategy, headers))
            except (AssertionError, Failure, FailureGroup) as exc:
                failures.append(f"{operation.label} ({name}): {exc}")
    examples = sum(c.total() for c in answers.values())
    with capsys.disabled():  # the figures show in every run's output, CI's included
        print(f"\nAPI fuzz: {operations} operations, {examples} examples, {time.monotonic() - started:.0f} s")
        for name, statuses in answers.items():
            print(f"  {name}:", ", ".join(f"{status}×{n}" for status, n in sorted(statuses.items())))
    assert operations >= 50  # the whole API, not a part of it that failed to load
    assert not failures, "\n\n".join(failures)
