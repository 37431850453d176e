"""Fixtures shared by the whole suite."""

import pytest

from gonghui.core.testing.world import PASSWORD, World, build_world


@pytest.fixture
def world(db) -> World:
    return build_world()


@pytest.fixture
def login(client):
    """Sign a test client in as one of the world's users by username."""

    def sign_in(username: str):
        assert client.login(username=username, password=PASSWORD), username
        return client

    return sign_in
