"""Keep the statistics fresh: fold the journal into the rollups, or rebuild them from the facts.

Production runs `gonghui stats follow` beside the web processes (or relies on the task worker, which folds
after every change); `gonghui stats recompute` reconciles everything, e.g. nightly or after a restore.
"""

import time

from django.core.management.base import BaseCommand

from gonghui.stats.services import stats_fold, stats_recompute


class Command(BaseCommand):
    help = "统计汇总：fold 合并增量；recompute 全量重算；follow 每隔几秒合并一次"

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["fold", "recompute", "follow"])
        parser.add_argument(
            "--spans",
            action="store_true",
            help="recompute: 先从会员名册重建会籍区间 (rebuild the spans first)",
        )
        parser.add_argument(
            "--every", type=float, default=10.0, help="follow: 间隔秒数 (seconds, default 10)"
        )

    def handle(self, *args, action: str, spans: bool, every: float, **options):
        if action == "recompute":
            result = stats_recompute(spans=spans, progress=self._progress if spans else None)
            self.stdout.write(
                f"重算完成 recomputed: {result['nodes']} 个汇总节点 rollup nodes, {result['rows']} 行 rows,"
                f" {result['seconds']:.1f} s"
            )
        elif action == "fold":
            self.stdout.write(f"合并完成 folded: {stats_fold()}")
        else:
            self.stdout.write(f"每 {every:g} 秒合并一次 folding every {every:g} s (Ctrl-C 停止 to stop)")
            while True:
                stats_fold()
                time.sleep(every)

    def _progress(self, done: int, total: int) -> None:
        self.stdout.write(f"  会籍区间 spans {done}/{total}")
