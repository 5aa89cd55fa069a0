"""The progress bar importers show on long runs (docs/architecture.md, "Shared mechanisms").

    bar = ProgressBar(self.stderr, unit="rows")
    summary = import_things(path=path, progress=bar)  # calls progress(done, total)
    bar.finish()

On a terminal the bar is redrawn in place whenever the whole percentage changes
(``[##########...............]  40% 400/1000 rows``); written to a file or a pipe (cron, CI
logs) it prints one such line per tenth instead of a stream of carriage returns. Runs shorter
than ``min_total`` steps show nothing: they are over before a bar would help.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import OutputWrapper

WIDTH = 25
MIN_TOTAL = 50


class ProgressBar:
    """A ``progress(done, total)`` callback for services, drawing a bar on ``stream``
    (a command's ``self.stderr``)."""

    def __init__(
        self, stream: Any, *, total: int = 0, unit: str = "", min_total: int = MIN_TOTAL
    ) -> None:
        self.stream = stream
        self.total = max(total, 0)
        self.unit = unit
        self.min_total = min_total
        isatty = getattr(stream, "isatty", None)
        self.interactive = bool(isatty()) if callable(isatty) else False
        self._shown = -1

    def _write(self, text: str) -> None:
        if isinstance(self.stream, OutputWrapper):
            self.stream.write(text, ending="")
        else:
            self.stream.write(text)
        self.stream.flush()

    @property
    def enabled(self) -> bool:
        return self.total >= self.min_total and self.total > 0

    def update(self, done: int, total: int | None = None) -> None:
        """``done`` of ``total`` steps are finished (``total`` as given before if omitted)."""
        if total is not None:
            self.total = max(total, 0)
        if not self.enabled:
            return
        done = min(max(done, 0), self.total)
        percent = done * 100 // self.total
        step = percent if self.interactive else percent - percent % 10
        if step == self._shown:
            return
        self._shown = step
        filled = percent * WIDTH // 100
        line = f"[{'#' * filled}{'.' * (WIDTH - filled)}] {percent:3d}% {done}/{self.total}"
        if self.unit:
            line += f" {self.unit}"
        self._write(f"\r{line}" if self.interactive else f"{line}\n")

    __call__ = update

    def finish(self) -> None:
        """End the bar's line on a terminal."""
        if self.enabled and self.interactive and self._shown >= 0:
            self._write("\n")
