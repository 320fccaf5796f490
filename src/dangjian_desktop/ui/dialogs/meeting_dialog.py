"""One meeting record (DESIGN §5): every field, the attendance from the roster of that day, photos, checked as
you type; 保存, 定稿, and for a 定稿 record read-only with 重新打开… (the reason is recorded)."""

from dataclasses import replace
from datetime import date

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QDialog, QGroupBox, QHBoxLayout, QInputDialog, QLabel, QLayout, \
    QPlainTextEdit, QPushButton, QTabWidget, QVBoxLayout, QWidget

from ...domain.meetings import Attendance, MeetingIssue, MeetingRecord, RecordStatus, check_meeting
from ...services.audit import current_actor
from ...services.database import Database
from ...services.errors import ServiceError
from ...services.meeting_reports import write_signin_pdf
from ...services.meetings import InvalidMeeting, finalize_meeting, get_meeting, meeting_events, reopen_meeting, \
    save_meeting, with_attendance_for
from ..ops import show_error
from ..theme import HINT, PRIMARY, SUBHEADING, set_role
from ..widgets import FieldMessage
from ..widgets.attendance_editor import AttendanceEditor
from ..widgets.meeting_form import MeetingFields
from ..widgets.photo_strip import PhotoStrip
from . import discard_confirmed
from .pdf_preview import PdfPreviewDialog, preview_generated_pdf

CHECK_DELAY_MS = 150


def ask_reopen_reason(parent: QWidget) -> str | None:
    """The reason for reopening a 定稿 record; None when the user cancelled."""
    text, ok = QInputDialog.getMultiLineText(parent, parent.tr("重新打开记录"), parent.tr(
        "该记录已定稿。重新打开后可以修改，原因和操作人会记入记录历史。\n请说明重新打开的原因："))
    return text if ok else None


def user_name(db: Database) -> str:
    """Who signs records off and changes them: the logged-in user (the OS user on the command line)."""
    return current_actor(db).user


class MeetingDialog(QDialog):
    """`saved` holds the stored record after 保存 or 定稿; `status_changed` is True after 定稿 or 重新打开."""

    def __init__(self, parent: QWidget | None, db: Database, record: MeetingRecord, *, today: date | None = None):
        super().__init__(parent)
        self._db, self._today = db, today or date.today()
        self._record = record               # as loaded or as created: the fields the dialog does not show
        self._initial = record
        self._attendance_day = record.held_on
        self._marks: dict[int | None, Attendance] = {}   # every mark made, kept across date changes
        self._has_error = False
        self._read_only = False
        self.saved: MeetingRecord | None = None
        self.status_changed = False
        self.preview_dialog: PdfPreviewDialog | None = None
        self._timer = QTimer(self, singleShot=True, interval=CHECK_DELAY_MS, timeout=self.check_now)
        self._build()
        self._connect()
        self._load(record)

    # ----- building ------------------------------------------------------------------------------------------
    def _build(self) -> None:
        self.title = set_role(QLabel(), SUBHEADING)
        self.status_label = set_role(QLabel(), HINT)
        self.fields = MeetingFields()
        texts = self.fields.texts
        self.photos = PhotoStrip()
        self.history = QPlainTextEdit()
        self.history.setReadOnly(True)
        resolution = QWidget()
        resolution_column = QVBoxLayout(resolution)
        resolution_column.addWidget(QLabel(self.tr("决议")))
        resolution_column.addWidget(texts["resolution"], 1)
        resolution_column.addWidget(QLabel(self.tr("表决情况")))
        resolution_column.addWidget(texts["vote_result"], 1)
        self.tabs = QTabWidget()
        self.tabs.addTab(texts["content"], self.tr("内容（发言要点）"))
        self.tabs.addTab(resolution, self.tr("决议与表决"))
        self.photos_tab = self.tabs.addTab(self.photos, self.tr("照片"))
        self.history_tab = self.tabs.addTab(self.history, self.tr("记录历史"))

        self.attendance = AttendanceEditor()
        attendance_box = QGroupBox(self.tr("出席情况（按会议当天的名单）"))
        QVBoxLayout(attendance_box).addWidget(self.attendance)

        left = QVBoxLayout()
        left.addWidget(self.fields)
        left.addWidget(self.tabs, 1)
        body = QHBoxLayout()
        body.addLayout(left, 5)
        body.addWidget(attendance_box, 4)

        self.summary = FieldMessage()
        self.signin_button = QPushButton(self.tr("打印签到表…"))
        self.signin_button.setToolTip(self.tr("会前打印：列出应到人员，留出签名和签到时间栏"))
        self.reopen_button = QPushButton(self.tr("重新打开…"))
        self.finalize_button = QPushButton(self.tr("定稿"))
        self.finalize_button.setToolTip(self.tr("保存并定稿：定稿后记录只读，如需修改须说明原因后重新打开"))
        self.save_button = set_role(QPushButton(self.tr("保存")), PRIMARY)
        self.close_button = QPushButton(self.tr("取消"))
        buttons = QHBoxLayout()
        buttons.addWidget(self.signin_button)
        holder = QWidget()          # keeps its room while the message is hidden: the buttons stay right
        QHBoxLayout(holder).addWidget(self.summary)
        holder.layout().setContentsMargins(8, 0, 8, 0)
        buttons.addWidget(holder, 1)
        for button in (self.reopen_button, self.finalize_button, self.save_button, self.close_button):
            buttons.addWidget(button)

        heading = QHBoxLayout()
        heading.addWidget(self.title)
        heading.addSpacing(12)
        heading.addWidget(self.status_label)
        heading.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setSizeConstraint(QLayout.SizeConstraint.SetMinimumSize)
        layout.addLayout(heading)
        layout.addLayout(body, 1)
        layout.addLayout(buttons)
        self.resize(1240, 720)

    def _connect(self) -> None:
        self.fields.changed.connect(self._changed)
        self.fields.date_changed.connect(self._date_changed)
        self.attendance.changed.connect(self._attendance_changed)
        self.photos.changed.connect(self._photos_changed)
        self.signin_button.clicked.connect(self.print_signin)
        self.reopen_button.clicked.connect(self.reopen)
        self.finalize_button.clicked.connect(self.finalize)
        self.save_button.clicked.connect(self.save)
        self.close_button.clicked.connect(self.reject)

    # ----- content -------------------------------------------------------------------------------------------
    def _load(self, record: MeetingRecord) -> None:
        self._record = record
        self._attendance_day = record.held_on
        self._marks = {}
        org = record.org_name if record.org_name == record.branch_name else f"{record.branch_name} {record.org_name}"
        self.title.setText(self.tr("{0} · {1}").format(org, record.type))
        new = record.id is None
        self.setWindowTitle(self.tr("新建会议记录") if new else self.tr("会议记录 — {0} {1:%Y-%m-%d}").format(
            record.type, record.held_on))
        self.fields.load(record, [a.name for a in record.attendance])
        self.attendance.set_meeting_type(record.type)
        self.attendance.set_attendance(record.attendance)
        self.photos.set_photos(record.photos)
        self._photos_changed()
        self._show_history()
        self._set_read_only(record.status == RecordStatus.FINAL)
        self.check_now()

    def _show_history(self) -> None:
        events = meeting_events(self._db, self._record.id) if self._record.id is not None else []
        lines = [self.tr("{0:%Y-%m-%d %H:%M}　{1}　{2}{3}").format(
            e.at, e.action, e.user or self.tr("（未知用户）"), self.tr("　原因：{0}").format(e.note) if e.note else "")
            for e in events]
        self.history.setPlainText("\n".join(lines) or self.tr("尚无定稿或重新打开的记录。"))
        self.tabs.setTabVisible(self.history_tab, bool(events))

    def _set_read_only(self, read_only: bool) -> None:
        self._read_only = read_only
        self.status_label.setText(self.tr("已定稿（只读）") if read_only else self.tr("草稿"))
        self.fields.set_read_only(read_only)
        self.attendance.set_read_only(read_only)
        self.photos.set_read_only(read_only)
        self.reopen_button.setVisible(read_only)
        self.finalize_button.setVisible(not read_only)
        self.save_button.setVisible(not read_only)
        self.close_button.setText(self.tr("关闭") if read_only else self.tr("取消"))
        self.close_button.setDefault(read_only)
        self.save_button.setDefault(not read_only)
        if read_only:
            self.close_button.setFocus()

    def record(self) -> MeetingRecord:
        """The record as currently shown (the date falls back to the last readable one)."""
        return self.fields.apply(replace(self._record, attendance=self.attendance.attendance(),
                                         photos=self.photos.photos()), self._attendance_day)

    def is_read_only(self) -> bool:
        return self._read_only

    # ----- checking --------------------------------------------------------------------------------------------
    def _changed(self) -> None:
        self._timer.start()

    def _photos_changed(self) -> None:
        count = len(self.photos.photos())
        self.tabs.setTabText(self.photos_tab, self.tr("照片（{0}）").format(count) if count else self.tr("照片"))
        self._changed()

    def _attendance_changed(self) -> None:
        self._marks.update((a.member_id, a) for a in self.attendance.attendance())
        self._changed()

    def _date_changed(self) -> None:
        """A new date means other people may be expected: the attendees are recomputed, and everyone keeps the
        mark given to them (also through intermediate dates while a date is being typed)."""
        day = self.fields.held_on.date()
        if day is not None and day != self._attendance_day and not self._read_only:
            try:
                moved = with_attendance_for(self._db, replace(self.record(), attendance=tuple(self._marks.values())),
                                            day)
            except ServiceError as exc:
                self.summary.show_message(exc.message)
                return
            self._attendance_day = day
            self.attendance.set_attendance(moved.attendance)
            self.fields.offer_names([a.name for a in moved.attendance])
        self._changed()

    def check_now(self) -> list[MeetingIssue]:
        self._timer.stop()
        issues = [] if self._read_only else self.fields.own_issues() + check_meeting(self.record(), self._today)
        self._show_issues(issues)
        return issues

    def _show_issues(self, issues: list[MeetingIssue]) -> None:
        by_field: dict[str, list[str]] = {}
        for issue in issues:
            by_field.setdefault(issue.field, []).append(issue.message)
        self.fields.show_issues(by_field)
        self.attendance.show_issues(by_field.get("attendance", []))
        shown = self.fields.shown_fields() | {"attendance"}
        others = [m for key, found in by_field.items() if key not in shown for m in found]
        self._has_error = bool(issues)
        self.save_button.setEnabled(not self._has_error)
        self.finalize_button.setEnabled(not self._has_error)
        self.summary.summarise(has_error=self._has_error, others=others)

    def has_error(self) -> bool:
        return self._has_error

    def is_modified(self) -> bool:
        return not self._read_only and self.record() != self._initial

    # ----- actions ---------------------------------------------------------------------------------------------
    def _store(self) -> bool:
        """Save the record as shown; False (with the reasons shown) when it could not be saved."""
        if self.check_now():
            return False
        try:
            self.saved = save_meeting(self._db, self.record(), self._today)
        except InvalidMeeting as exc:
            self._show_issues(exc.issues)
            return False
        except ServiceError as exc:
            self.summary.show_message(exc.message)
            return False
        self._record = self._initial = self.saved
        return True

    def save(self) -> None:
        if self._store():
            self.accept()

    def finalize(self) -> None:
        if not self._store():
            return
        try:
            finalize_meeting(self._db, self.saved.id, user_name(self._db))
        except ServiceError as exc:
            show_error(self, exc)
            return
        self.status_changed = True
        self.accept()

    def reopen(self) -> None:
        reason = ask_reopen_reason(self)
        if reason is None:
            return
        if not reason.strip():
            self.summary.show_message(self.tr("请说明重新打开的原因，否则记录保持定稿。"))
            return
        try:
            reopen_meeting(self._db, self._record.id, user_name(self._db), reason)
            record = get_meeting(self._db, self._record.id)
        except ServiceError as exc:
            show_error(self, exc)
            return
        self.status_changed = True
        self._initial = record
        self._load(record)

    def print_signin(self) -> None:
        """The sign-in sheet of the record as shown, saved or not (it is printed before the meeting)."""
        record = self.record()
        title = self.tr("{0}{1}签到表-{2:%Y%m%d}").format(record.org_name, record.type, record.held_on)
        preview_generated_pdf(self, title, lambda path, _progress: write_signin_pdf(self._db, record, path),
                              lambda dialog: setattr(self, "preview_dialog", dialog))

    def reject(self) -> None:
        if self.is_modified() and not discard_confirmed(self, self.tr("会议记录")):
            return
        super().reject()
