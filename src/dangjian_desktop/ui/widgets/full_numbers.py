"""The check boxes that show or write whole ID numbers and phones (item 7 of issue 5): for a role without the
permission they stay at the masked choice, disabled, with the reason as their tooltip; ticking 显示完整号码 asks
the service first, which refuses or logs what is shown. Exports and prints with whole numbers are checked and
logged by the services that write them."""

from collections.abc import Callable

from PySide6.QtWidgets import QCheckBox

from ...domain.access import Permission
from ...services.audit import allowed, current_actor, reveal_full_numbers
from ...services.database import Database
from ...services.errors import ServiceError
from ..ops import show_error


def restrict_full_numbers(check: QCheckBox, db: Database, masked_state: bool) -> bool:
    """Set `check` up for the acting user: usable when their role may see whole numbers (returns True); else
    set to `masked_state` (the choice that hides the digits) and disabled, the tooltip saying why."""
    if allowed(db, Permission.SHOW_FULL_NUMBERS):
        check.setEnabled(True)
        return True
    check.setChecked(masked_state)
    check.setEnabled(False)
    check.setToolTip(check.tr("当前账号（{0}）没有“{1}”的权限，号码只能隐去中间几位。").format(
        current_actor(db).role, Permission.SHOW_FULL_NUMBERS.value))
    return False


def guard_reveal(check: QCheckBox, db: Database, what: Callable[[], str], show: Callable[[bool], None]) -> None:
    """A 显示完整号码 box, restricted as above. Ticking it calls reveal_full_numbers(db, what()) and only then
    `show(True)`; on a refusal the box is unticked again, nothing is shown and the message says why. Unticking
    calls `show(False)`."""
    restrict_full_numbers(check, db, False)

    def toggled(on: bool) -> None:
        if on:
            try:
                reveal_full_numbers(db, what())
            except ServiceError as exc:
                check.blockSignals(True)
                check.setChecked(False)
                check.blockSignals(False)
                show_error(check.window(), exc)
                return
        show(on)

    check.toggled.connect(toggled)
