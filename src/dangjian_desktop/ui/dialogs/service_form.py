"""What the form dialogs that store through a service share: the service's refusal is shown beside the buttons and
the dialog stays open, else it closes. Such a form is checked either as a whole (确定 grey until it is acceptable)
or field by field (the reason under each field, 保存 grey while any field has an error)."""

from collections.abc import Mapping, Sequence

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QDialog, QFormLayout, QGroupBox, QPushButton, QWidget

from ...domain.member import FieldIssue, Severity
from ...services.errors import ServiceError
from ..widgets import FieldMessage, with_message

CHECK_DELAY_MS = 150      # typing pauses this long before the fields are checked
_RANK = {Severity.ERROR: 3, Severity.WARNING: 2, Severity.FIXED: 1}


class ServiceFormDialog(QDialog):
    """Subclasses build `summary` (the message beside the buttons) and store in `_write()`."""

    summary: FieldMessage

    def _write(self) -> None:
        """Store what was typed, keeping the result on the dialog; raises ServiceError if the service refuses."""
        raise NotImplementedError

    def _write_and_close(self) -> None:
        try:
            self._write()
        except ServiceError as exc:
            self._show_refusal(exc)
            return
        self.accept()

    def _show_refusal(self, error: ServiceError) -> None:
        self.summary.show_message(error.message)


class WholeFormDialog(ServiceFormDialog):
    """`ok_button` is enabled only while `_acceptable()`; pressing it (`save`) checks once more, then stores."""

    ok_button: QPushButton

    def _acceptable(self) -> bool:
        raise NotImplementedError

    def check_now(self) -> bool:
        ok = self._acceptable()
        self.ok_button.setEnabled(ok)
        return ok

    def save(self) -> None:
        if self.check_now():
            self._write_and_close()


class FieldCheckedDialog(ServiceFormDialog):
    """Checked field by field, `check_now` running once typing pauses (`_changed`). A field's issues show in its
    FieldMessage (`messages`, keyed like `edits`) once the user has touched it; an untouched field's error is only
    named (by `field_labels`) in the summary's 还需填写. `save_button` is enabled while no issue is an error. The
    service's `field_refusal` (which carries `issues`) is shown on the fields, every field then counting as
    touched."""

    edits: dict[str, QWidget]
    messages: dict[str, FieldMessage]
    save_button: QPushButton
    field_refusal: type[ServiceError]
    field_labels: Mapping[str, str] = {}
    field_aliases: Mapping[str, str] = {}     # an issue's field → the field whose message shows it

    def __init__(self, parent: QWidget | None):
        super().__init__(parent)
        self._has_error = True
        self._touched: set[str] = set()
        self._timer = QTimer(self, singleShot=True, interval=CHECK_DELAY_MS, timeout=self.check_now)

    def check_now(self) -> list[FieldIssue]:
        """Check what is typed now and show it through `_show_issues`."""
        raise NotImplementedError

    def has_error(self) -> bool:
        return self._has_error

    def _field_group(self, title: str, keys: Sequence[str], labels: Mapping[str, str], min_width: int) -> QGroupBox:
        """A box of the fields `keys`, one labelled row each, its message under the field."""
        box = QGroupBox(title)
        form = QFormLayout(box)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for key in keys:
            form.addRow(labels[key], with_message(self.edits[key], self.messages[key]))
        box.setMinimumWidth(min_width)
        return box

    def _changed(self, key: str) -> None:
        self._touched.add(key)
        self._timer.start()

    def _show_issues(self, issues: list[FieldIssue]) -> None:
        by_field: dict[str, list[FieldIssue]] = {}
        for issue in issues:
            by_field.setdefault(self.field_aliases.get(issue.field, issue.field), []).append(issue)
        others = [i.message for key, found in by_field.items() if key not in self.messages for i in found]
        missing = []
        for key, message in self.messages.items():
            found = by_field.get(key, [])
            worst = max(found, key=lambda i: _RANK[i.severity]) if found else None
            if worst is not None and key in self._touched:
                message.show_message("；".join(i.message for i in found), worst.severity.value)
            else:
                message.clear_message()
                if worst is not None and worst.severity is Severity.ERROR:
                    missing.append(self.field_labels.get(key, key))
        self._has_error = any(i.severity is Severity.ERROR for i in issues)
        self.save_button.setEnabled(not self._has_error)
        self.summary.summarise(has_error=self._has_error, others=others, missing=missing)

    def _show_refusal(self, error: ServiceError) -> None:
        if isinstance(error, self.field_refusal):
            self._touched.update(self.messages)
            self._show_issues(error.issues)
        else:
            super()._show_refusal(error)
