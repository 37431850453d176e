"""The README's promise on a bare machine: `gonghui demo --no-serve` builds the demo under a fresh ./var, and the
served API then shows each demo account exactly its own subtree (issue "Done when")."""

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    home = tmp_path_factory.mktemp("fresh")
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")}
    env["GONGHUI_VAR_DIR"] = str(home / "var")

    def gonghui(*args, **kw):
        return subprocess.run(
            [sys.executable, "-m", "gonghui", *args],
            cwd=home,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
            check=True,
            **kw,
        )

    loaded = gonghui("demo", "--no-serve")
    tokens = {
        u: gonghui("createtoken", u).stdout.strip().splitlines()[-1] for u in ("city_admin", "chaoyang")
    }
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "gonghui", "demo", "--port", str(port)],
        cwd=home,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                urllib.request.urlopen(base + "/healthz", timeout=1)
                break
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.2)
        yield {"base": base, "tokens": tokens, "output": loaded.stdout, "home": home}
    finally:
        server.terminate()
        server.wait(timeout=30)


def api(demo, user, path):
    request = urllib.request.Request(
        demo["base"] + path, headers={"Authorization": f"Bearer {demo['tokens'][user]}"}
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read())


def test_the_demo_prints_the_address_and_accounts_and_keeps_its_data_under_var(demo):
    assert "http://" in demo["output"] and "city_admin" in demo["output"] and "chaoyang" in demo["output"]
    assert (demo["home"] / "var" / "gonghui.sqlite3").exists()


def test_city_admin_finds_both_districts(demo):
    names = {o["name"] for o in api(demo, "city_admin", "/api/orgs/?level=district&limit=100")["items"]}
    assert {"朝阳区总工会", "西城区总工会"} <= names and len(names) == 16


def test_chaoyang_finds_its_own_subtree_and_nothing_of_xicheng(demo):
    own = api(demo, "chaoyang", "/api/orgs/?limit=500")
    names = {o["name"] for o in own["items"]}
    assert "东湖街道总工会" in names and "常营地区总工会" in names
    assert not [n for n in names if "西城" in n or "大栅栏" in n or "天桥" in n]
    assert api(demo, "chaoyang", "/api/orgs/?search=%E5%A4%A7%E6%A0%85%E6%A0%8F")["count"] == 0
    found = api(demo, "city_admin", "/api/orgs/?search=%E5%A4%A7%E6%A0%85%E6%A0%8F")["items"]
    assert "大栅栏街道总工会" in {o["name"] for o in found}


def test_the_served_pages_load_their_own_static_files(demo):
    with urllib.request.urlopen(demo["base"] + "/accounts/login/", timeout=10) as response:
        page = response.read().decode()
    css = page.split('<link rel="stylesheet" href="')[1].split('"')[0]
    with urllib.request.urlopen(demo["base"] + css, timeout=10) as response:
        assert response.status == 200 and len(response.read()) > 10_000


def test_the_demo_register_is_masked_and_scoped(demo):
    """The synthetic members are there, each account sees only its own subtree's, always masked."""
    chaoyang_orgs = {o["id"] for o in api(demo, "chaoyang", "/api/orgs/?limit=500")["items"]}
    own = api(demo, "chaoyang", "/api/members/?limit=500")["items"]
    assert len(own) == 500 and all(m["union_id"] in chaoyang_orgs for m in own)
    assert all("*" in m["person"]["id_number"] and "****" in m["person"]["mobile"] for m in own)
    city = api(demo, "city_admin", "/api/members/?limit=500&category=new_form")["items"]
    assert any(m["union_id"] not in chaoyang_orgs for m in city)
    assert all(m["person"]["is_new_form"] for m in city)
