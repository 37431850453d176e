"""The congresses part's API, added to the governance router by api.py."""

from ninja import Router

router = Router()
