"""The setup part's API operations (added to api.router)."""

from ninja import Router

router = Router()
