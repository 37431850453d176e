"""Care campaigns (DOMAIN W2): 夏送清凉, 冬送温暖 and the like, allocated down the tree, with supplies, stock and hand-outs."""

from django.apps import AppConfig


class CareConfig(AppConfig):
    name = "gonghui.care"
    label = "care"
    verbose_name = "关爱"

    def ready(self):
        from . import exports  # noqa: F401  (registers the ledger job kind)
