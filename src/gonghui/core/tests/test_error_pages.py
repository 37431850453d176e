"""The 403, 404 and 500 pages: Chinese, with the staff navigation (not for 500, which shows without the database),
and a way back; the worker's pages answer with a 404 in their phone style."""

import pytest
from django.test import Client

from gonghui.core.testing.world import PASSWORD

pytestmark = pytest.mark.django_db


def signed_in(client, username="chaoyang"):
    assert client.login(username=username, password=PASSWORD)
    return client


def test_a_missing_page_is_the_chinese_404_with_the_navigation(client, world):
    response = signed_in(client).get("/no-such-page/")
    page = response.content.decode()
    assert response.status_code == 404
    assert "页面不存在" in page and 'data-testid="error-home"' in page and "返回首页" in page
    assert 'href="/orgs/"' in page and "人员与角色" in page  # chaoyang's navigation
    assert "Not Found" not in page


def test_an_out_of_scope_organisation_is_the_same_404(client, world):
    response = signed_in(client).get(f"/orgs/{world.dashilan.pk}/")
    assert response.status_code == 404
    assert "页面不存在" in response.content.decode() and world.dashilan.name not in response.content.decode()


def test_the_way_back_is_the_page_the_user_came_from_on_this_site(client, world):
    client = signed_in(client)
    page = client.get("/no-such-page/", headers={"referer": "http://testserver/orgs/"}).content.decode()
    assert 'href="http://testserver/orgs/"' in page and "返回上一页" in page
    elsewhere = client.get("/no-such-page/", headers={"referer": "https://example.org/"}).content.decode()
    assert "返回上一页" not in elsewhere and "example.org" not in elsewhere


def test_the_worker_pages_answer_a_phone_404(client, world):
    for url in ("/j/no-such-code/", "/me/no-such-page/"):
        response = client.get(url)
        page = response.content.decode()
        assert response.status_code == 404, url
        assert 'class="gh-phone"' in page and "页面不存在" in page and "我的会员卡" in page
        assert "gh-navbar" not in page


def test_a_refused_form_is_the_chinese_403_with_the_navigation(world):
    client = signed_in(Client(enforce_csrf_checks=True))
    response = client.post("/accounts/me/", {"token-name": "x"})
    page = response.content.decode()
    assert response.status_code == 403
    assert "无法完成操作" in page and "人员与角色" in page and "Forbidden" not in page


def test_the_500_page_needs_no_database_and_no_context(rf, django_assert_num_queries):
    from django.views.defaults import server_error

    from gonghui import urls

    assert not hasattr(urls, "handler500")  # Django's own: the template rendered with no context at all
    with django_assert_num_queries(0):
        response = server_error(rf.get("/"))
    page = response.content.decode()
    assert response.status_code == 500
    assert "系统出错了" in page and 'href="/"' in page and "返回首页" in page and "Server Error" not in page
