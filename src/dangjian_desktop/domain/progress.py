"""How long jobs report progress and learn they were cancelled, without knowing who watches them."""

from collections.abc import Callable
from dataclasses import dataclass


class Cancelled(Exception):
    """Raised inside a long job when the user pressed 取消; nothing the job was writing is kept."""


@dataclass
class Progress:
    """Passed into long jobs. `report(done, total, label)` may be called often; it is cheap to ignore."""

    on_report: Callable[[int, int, str], None] | None = None
    is_cancelled: Callable[[], bool] | None = None

    def report(self, done: int, total: int, label: str = "") -> None:
        if self.on_report is not None:
            self.on_report(done, total, label)

    def check(self) -> None:
        """Raise Cancelled if the user asked to stop."""
        if self.is_cancelled is not None and self.is_cancelled():
            raise Cancelled()


NO_PROGRESS = Progress()
