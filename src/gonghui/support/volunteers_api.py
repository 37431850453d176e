"""The volunteers part's API, added to the services router by api.py."""

from ninja import Router

router = Router()
