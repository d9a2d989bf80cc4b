"""Charts drawn in a child process, so that drawing (~0.1 s of CPU under the GIL) never slows the
answers of other chats: the event loop awaits the picture while it goes on serving.

One spawned worker, started with the first chart (that chart waits ~2 s for matplotlib and the CJK
font to load; a bot that answers no question with a chart never starts it); it keeps the last charts it drew
(``knowledge.chart``'s cache), so a chart many people ask for is drawn once. If the worker dies,
the next chart starts a new one; a chart that cannot be drawn is no error: the reply goes as text.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import TYPE_CHECKING

from knowledge.chart import chartable

if TYPE_CHECKING:
    from knowledge.answers import Result

log = logging.getLogger(__name__)

CHART_TIMEOUT = 30.0  # seconds; a chart that takes longer is given up (the reply goes as text)


def _draw(result: Result) -> bytes | None:  # in the worker
    from knowledge.chart import render

    return render(result)


def _warm() -> None:  # in the worker
    from knowledge.chart import warm_up

    warm_up()


class ChartWorker:
    """``await worker.render(result)`` → PNG bytes, or None when there is nothing to draw."""

    def __init__(self) -> None:
        self._pool: ProcessPoolExecutor | None = None

    def _executor(self) -> ProcessPoolExecutor:
        if self._pool is None:
            self._pool = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"))
        return self._pool

    async def warm_up(self) -> None:
        try:
            await asyncio.get_running_loop().run_in_executor(self._executor(), _warm)
        except Exception:  # noqa: BLE001 - charts are an extra
            log.warning("chart worker warm-up failed", exc_info=True)

    async def render(self, result: Result) -> bytes | None:
        if not chartable(result):
            return None
        loop = asyncio.get_running_loop()
        try:
            return await asyncio.wait_for(loop.run_in_executor(self._executor(), _draw, result), CHART_TIMEOUT)
        except BrokenProcessPool:
            log.warning("the chart worker died; a new one starts with the next chart")
            self._pool = None
        except Exception:  # noqa: BLE001 - a chart is an extra: the reply goes as text
            log.warning("chart not drawn", exc_info=True)
        return None

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None
