"""docs/adding-a-module.md keeps its word: the module it builds, written out file by file from the document's own
code blocks into a throwaway folder, installs without an edit anywhere else and shows up in the navigation, the
dashboards' work figures and report sentence, the access matrix and the demo, and keeps to the house rules."""

import datetime as dt
import re
import sys
import types
from pathlib import Path

import pytest
import time_machine
from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.test.utils import override_settings
from django.urls import clear_url_caches, reverse

import gonghui
from gonghui import urls as site_urls
from gonghui.core import checks
from gonghui.core.modules import demo_steps, load, nav_items, registered, work_modules
from gonghui.core.testing.world import PASSWORD

from .test_access import WHO, page_failures, walk
from .test_layers import SRC, imported_apps, layers

DOC = Path(__file__).resolve().parents[4] / "docs" / "adding-a-module.md"
FILE_MARK = re.compile(r"^(?:# |\{# )(gonghui/noticeboard/\S+?)(?: #\})?$")
DAY = dt.date(2026, 6, 18)


def files_of(text: str) -> dict[str, str]:
    """{path: content} of every fenced block whose first line names a file of the module."""
    found = {}
    for block in re.findall(r"```(?:python|html)\n(.*?)```", text, re.S):
        first, _, rest = block.partition("\n")
        mark = FILE_MARK.match(first.strip())
        if mark:
            found[mark.group(1)] = rest
    return found


def test_the_document_names_every_file_of_the_module():
    files = files_of(DOC.read_text())
    assert {
        "gonghui/noticeboard/apps.py",
        "gonghui/noticeboard/models.py",
        "gonghui/noticeboard/services.py",
        "gonghui/noticeboard/lists.py",
    } <= set(files)
    assert len(files) == 16


# migrating the module needs real transactions (SQLite alters tables outside one); the rest of the suite's
# transactional tests restore the database from its serialized copy, so this one does too
needs_migrations = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def noticeboard(tmp_path):
    """The module from the document, installed the way settings installs a folder of gonghui, and migrated."""
    for name, content in files_of(DOC.read_text()).items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content)
    gonghui.__path__.append(str(tmp_path / "gonghui"))
    urlconf = types.ModuleType("noticeboard_site_urls")
    try:
        with override_settings(INSTALLED_APPS=[*settings.INSTALLED_APPS, "gonghui.noticeboard"]):
            call_command("makemigrations", "noticeboard", verbosity=0)
            call_command("migrate", "noticeboard", verbosity=0)
            urlconf.urlpatterns = site_urls.build()  # type: ignore[attr-defined]
            sys.modules[urlconf.__name__] = urlconf
            with override_settings(ROOT_URLCONF=urlconf.__name__):
                yield tmp_path / "gonghui" / "noticeboard"
            call_command("migrate", "noticeboard", "zero", verbosity=0)
    finally:
        ContentType.objects.filter(app_label="noticeboard").delete()
        ContentType.objects.clear_cache()
        apps.all_models.pop("noticeboard", None)  # a model class is registered once per process
        apps.clear_cache()
        gonghui.__path__.remove(str(tmp_path / "gonghui"))
        for name in [m for m in sys.modules if m.startswith("gonghui.noticeboard") or m == urlconf.__name__]:
            del sys.modules[name]
        load.cache_clear()
        clear_url_caches()


@needs_migrations
def test_a_module_built_by_the_document_plugs_in_everywhere(noticeboard, world, client):
    assert "noticeboard" in [c.label for c, _ in registered()]
    assert checks.module_contracts() == [] and checks.permission_codes_registered() == []
    # navigation, for whoever may see it
    assert ("noticeboard:index", "通知公告") in [(i.url_name, i.label) for i in nav_items()]
    assert client.login(username="chaoyang", password=PASSWORD)
    # the dashboards' work figures and the report sentence count its records
    publish = load("gonghui.noticeboard.services.notice_publish")
    publish(actor=world.user("chaoyang"), org=world.donghu, title="防暑降温", on=DAY)
    assert "noticeboard" in [w.count.split(".")[1] for w in work_modules()]
    with time_machine.travel(dt.datetime(2026, 6, 20, 12), tick=False):
        page = client.get(reverse("dashboards:org", args=[world.chaoyang.pk])).content.decode()
    assert 'href="/notices/"' in page and ">通知公告<" in page
    assert re.search(r'data-testid="work-notices">1<span[^>]*> 条', page)
    assert "发布通知公告1条，最新一条为《防暑降温》" in page  # the figure, and the module's words (details)
    assert (
        "最新一条为《防暑降温》" in page.split('data-testid="work-details"')[1]
    )  # shown under the cards too
    # its list page is the shared list: the count, the sortable headings
    publish(actor=world.user("chaoyang"), org=world.donghu, title="高温补贴发放提示", on=DAY)
    listed = client.get(reverse("noticeboard:index"), {"q": "高温", "sort": "title"}).content.decode()
    assert re.search(r'data-testid="list-count">共 <strong>1</strong> 条', listed)
    assert 'aria-sort="ascending"' in listed and "高温补贴发放提示" in listed and "防暑降温" not in listed
    # the access matrix: its rows come from its contract, cover its pages and hold for everyone
    rows = load("gonghui.noticeboard.tests.access_rows.page_rows")(world)
    names = {
        name for _, name, _ in walk(sys.modules["noticeboard_site_urls"].urlpatterns) if "noticeboard" in name
    }
    assert names == set(rows) == {"noticeboard:index", "noticeboard:detail"}
    for who in WHO:
        assert page_failures(client, world, who, rows) == [], who
    # the demo runs its step after the others, and a second run creates nothing
    step = demo_steps()[-1]
    assert step.label == "通知公告 notices"
    assert load(step.run)() == "通知公告 notices: 1 新建 new"
    assert load(step.run)() == "已有 present"


@needs_migrations
def test_the_module_keeps_to_its_layer_and_the_check_can_tell(noticeboard):
    stack = layers()
    work = next(i for i, layer in enumerate(stack) if "care" in layer)
    below = set().union(*stack[work + 1 :])
    reached = set().union(*(imported_apps(p) for p in noticeboard.rglob("*.py") if "tests" not in p.parts))
    assert reached and reached <= below | {"noticeboard"}
    upward = noticeboard / "upward.py"
    upward.write_text("from gonghui.care.selectors import care_in\n")
    assert "care" in imported_apps(upward) - below
    assert not (SRC / "noticeboard").exists()  # nothing was written into the source tree
