"""One 走访: officer, enterprise, date, way, who was met, what was seen and found, the follow-up plan, photos, and
the problems raised, each of which becomes a demand in the 诉求台账 when the visit is saved. Checked as you type;
built so that a visit with two problems takes about ten clicks and typed lines."""

from dataclasses import replace
from datetime import date

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QButtonGroup, QComboBox, QCompleter, QDialog, QGridLayout, QHBoxLayout, QLabel, \
    QLayout, QLineEdit, QPlainTextEdit, QPushButton, QRadioButton, QTabWidget, QVBoxLayout, QWidget

from ...domain.visits import VisitRecord, VisitWay, check_visit
from ...services.database import Database
from ...services.demands import list_demands
from ...services.enterprises import list_enterprises
from ...services.errors import ServiceError
from ...services.officers import list_officers
from ...services.visit_rules import load_visit_rules
from ...services.visits import get_visit, save_visit
from ..theme import PRIMARY, set_role
from ..widgets import FieldMessage, with_message
from ..widgets.date_edit import DateEdit
from ..widgets.photo_strip import PhotoStrip
from ..widgets.problem_list import ProblemList
from . import discard_confirmed
from .meeting_dialog import user_name

CHECK_DELAY_MS = 150
TEXTS = (("business_situation", "经营情况", "企业经营、用工情况"),
         ("party_work_situation", "党建工作情况", "党员亮身份、组织生活、党建阵地等"),
         ("findings", "走访情况", "走访中了解到的情况"),
         ("follow_up", "下步打算", "下一步工作打算"))


class VisitDialog(QDialog):
    """A new visit (for `enterprise_id` and `officer_id` when given) or the stored visit `visit_id`.
    After 保存, `saved_id` is the visit's id."""

    def __init__(self, db: Database, parent: QWidget | None = None, *, visit_id: int | None = None,
                 enterprise_id: int | None = None, officer_id: int | None = None, today: date | None = None):
        super().__init__(parent)
        self._db, self._today = db, today or date.today()
        self.saved_id: int | None = None
        self._has_error = True
        self._touched: set[str] = set()
        self._enterprises = list_enterprises(db)
        self._officer_of = {e.id: e.officer_id for e in self._enterprises}
        self._base = get_visit(db, visit_id) if visit_id is not None else VisitRecord(
            officer_id if officer_id is not None else self._officer_of.get(enterprise_id), enterprise_id or 0,
            self._today)
        self._officer_chosen = visit_id is not None or officer_id is not None
        self.setWindowTitle(self.tr("走访记录 — {0} {1:%Y-%m-%d}").format(self._base.enterprise_name,
                                                                     self._base.visited_on)
                            if visit_id is not None else self.tr("新建走访"))
        self._timer = QTimer(self, singleShot=True, interval=CHECK_DELAY_MS, timeout=self.check_now)
        self._build()
        self._fill(self._base)
        self._initial = self.record()
        self._connect()
        if visit_id is not None:
            self._touched.update(self.messages)
        self.check_now()

    # ----- building ------------------------------------------------------------------------------------------
    def _build(self) -> None:
        self.officer = QComboBox()
        self.officer.setMinimumContentsLength(8)
        self.enterprise = QComboBox()
        self.enterprise.setEditable(True)
        self.enterprise.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.enterprise.setMinimumContentsLength(16)
        self.enterprise.lineEdit().setPlaceholderText(self.tr("输入名称中的字查找"))
        completer = self.enterprise.completer()
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.visited_on = DateEdit()
        self.met_person = QLineEdit()
        self.met_person.setPlaceholderText(self.tr("如 张经理、站长"))
        self.ways = QButtonGroup(self)
        way_row = QWidget()
        way_row.setFixedHeight(self.met_person.sizeHint().height())
        way_layout = QHBoxLayout(way_row)
        way_layout.setContentsMargins(0, 0, 0, 0)
        for way in VisitWay:
            button = QRadioButton(str(way))
            button.setProperty("way", str(way))
            self.ways.addButton(button)
            way_layout.addWidget(button)
        way_layout.addStretch(1)
        self.texts = {key: QPlainTextEdit() for key, _label, _hint in TEXTS}
        for key, _label, hint in TEXTS:
            self.texts[key].setPlaceholderText(self.tr(hint))
            self.texts[key].setTabChangesFocus(True)
        self.messages = {key: FieldMessage() for key in ("officer", "enterprise", "visited_on", "way", "texts")}
        self.problems = ProblemList()
        self.photos = PhotoStrip(chooser_title=self.tr("选择走访照片"))

        grid = QGridLayout()
        grid.setHorizontalSpacing(10)
        for row, pairs in enumerate(((("企业", self.enterprise, "enterprise"), ("党建指导员", self.officer, "officer")),
                                     (("走访日期", self.visited_on, "visited_on"), ("走访方式", way_row, "way")))):
            for place, (label, widget, key) in enumerate(pairs):
                caption = QLabel(self.tr(label))   # level with its field, also when a message shows below it
                caption.setFixedHeight(self.met_person.sizeHint().height())
                grid.addWidget(caption, row, place * 2, Qt.AlignmentFlag.AlignTop)
                grid.addWidget(with_message(widget, self.messages[key]), row, place * 2 + 1, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(QLabel(self.tr("接待人")), 2, 0)
        grid.addWidget(self.met_person, 2, 1, 1, 3)
        grid.setColumnStretch(1, 3)
        grid.setColumnStretch(3, 2)
        texts = QGridLayout()
        for index, (key, label, _hint) in enumerate(TEXTS):
            texts.addWidget(QLabel(self.tr(label)), (index // 2) * 2, index % 2)
            texts.addWidget(self.texts[key], (index // 2) * 2 + 1, index % 2)
        left = QVBoxLayout()
        left.addLayout(grid)
        left.addLayout(texts, 1)
        left.addWidget(self.messages["texts"])
        self.tabs = QTabWidget()
        self.problems_tab = self.tabs.addTab(self.problems, self.tr("发现问题"))
        self.photos_tab = self.tabs.addTab(self.photos, self.tr("照片"))
        body = QHBoxLayout()
        body.addLayout(left, 3)
        body.addWidget(self.tabs, 2)

        self.summary = FieldMessage()
        self.save_button = set_role(QPushButton(self.tr("保存")), PRIMARY)
        self.save_button.setDefault(True)
        self.cancel_button = QPushButton(self.tr("取消"))
        holder = QWidget()          # keeps its room while the message is hidden: the buttons stay right
        QHBoxLayout(holder).addWidget(self.summary)
        holder.layout().setContentsMargins(0, 0, 8, 0)
        bottom = QHBoxLayout()
        bottom.addWidget(holder, 1)
        bottom.addWidget(self.save_button)
        bottom.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.setSizeConstraint(QLayout.SizeConstraint.SetMinimumSize)
        layout.addLayout(body, 1)
        layout.addLayout(bottom)
        self.resize(1180, 660)
        chain = (self.enterprise, self.officer, self.visited_on, *self.ways.buttons(), self.met_person,
                 *self.texts.values(), self.problems.entry)
        for first, second in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(first, second)

    def _fill(self, record: VisitRecord) -> None:
        self.officer.addItem(self.tr("（请选择）"), None)
        for info in list_officers(self._db):
            if info.active or info.id == record.officer_id:
                self.officer.addItem(info.name if info.active else self.tr("{0}（不在任）").format(info.name), info.id)
        self.officer.setCurrentIndex(max(self.officer.findData(record.officer_id), 0))
        for info in self._enterprises:
            self.enterprise.addItem(info.record.name, info.id)
        self.enterprise.setCurrentIndex(self.enterprise.findData(record.enterprise_id))
        self.visited_on.setDate(record.visited_on)
        for button in self.ways.buttons():
            button.setChecked(button.property("way") == record.way)
        self.met_person.setText(record.met_person)
        for key, edit in self.texts.items():
            edit.setPlainText(getattr(record, key))
        self.photos.set_photos(record.photos)
        self.problems.set_deadline_days(load_visit_rules(self._db).deadline_days)
        if record.id is not None:
            self.problems.set_raised(list_demands(self._db, visit_id=record.id, as_of=self._today))
        self._update_tabs()
        (self.met_person if record.enterprise_id else self.enterprise).setFocus()

    def _connect(self) -> None:
        self.officer.currentIndexChanged.connect(self._officer_picked)
        self.enterprise.currentTextChanged.connect(self._enterprise_changed)
        self.visited_on.changed.connect(lambda: self._changed("visited_on"))
        self.ways.buttonToggled.connect(lambda *_args: self._changed("way"))
        self.met_person.textEdited.connect(lambda _text: self._changed(""))
        for edit in self.texts.values():
            edit.textChanged.connect(lambda: self._changed("texts"))
        for widget in (self.problems, self.photos):
            widget.changed.connect(self._update_tabs)
            widget.changed.connect(lambda: self._changed(""))
        self.save_button.clicked.connect(self.save)
        self.cancel_button.clicked.connect(self.reject)

    def _update_tabs(self) -> None:
        for tab, label, count in ((self.problems_tab, self.tr("发现问题"), len(self.problems.problems())),
                                  (self.photos_tab, self.tr("照片"), len(self.photos.photos()))):
            self.tabs.setTabText(tab, self.tr("{0}（{1}）").format(label, count) if count else label)

    # ----- content -------------------------------------------------------------------------------------------
    def enterprise_id(self) -> int | None:
        """The enterprise whose name is in the field (picked or typed in full), or None."""
        index = self.enterprise.findText(self.enterprise.currentText().strip(), Qt.MatchFlag.MatchExactly)
        return self.enterprise.itemData(index) if index >= 0 else None

    def record(self) -> VisitRecord:
        checked = self.ways.checkedButton()
        return replace(
            self._base, officer_id=self.officer.currentData(), enterprise_id=self.enterprise_id() or 0,
            visited_on=self.visited_on.date() or self._base.visited_on,
            way=checked.property("way") if checked else "", met_person=self.met_person.text().strip(),
            officer_name=self.officer.currentText() if self.officer.currentData() else "",
            enterprise_name=self.enterprise.currentText().strip(), photos=self.photos.photos(),
            problems=self.problems.problems(), **{key: edit.toPlainText() for key, edit in self.texts.items()})

    def _officer_picked(self) -> None:
        self._officer_chosen = True
        self._changed("officer")

    def _enterprise_changed(self) -> None:
        """An officer not chosen by hand follows the enterprise: its current 包联 officer."""
        enterprise_id = self.enterprise_id()
        officer = self._officer_of.get(enterprise_id)
        if not self._officer_chosen and officer is not None and self.officer.findData(officer) >= 0:
            self.officer.blockSignals(True)
            self.officer.setCurrentIndex(self.officer.findData(officer))
            self.officer.blockSignals(False)
        self._changed("enterprise")

    # ----- checking ----------------------------------------------------------------------------------------
    def _changed(self, key: str) -> None:
        if key:
            self._touched.add(key)
        self._timer.start()

    def issues(self) -> dict[str, list[str]]:
        """What stops saving, by field (officer, enterprise, visited_on, way, texts)."""
        found: dict[str, list[str]] = {}
        if self.enterprise_id() is None:
            found["enterprise"] = [self.tr("请从列表中选择企业（可输入名称中的字查找）")]
        if self.visited_on.error() or self.visited_on.date() is None:
            found["visited_on"] = [self.visited_on.error() or self.tr("请填写走访日期")]
        for issue in check_visit(self.record(), self._today):
            if issue.field not in found:
                found[issue.field] = [issue.message]
        return found

    def check_now(self) -> dict[str, list[str]]:
        self._timer.stop()
        found = self.issues()
        untouched = []
        for key, message in self.messages.items():
            if key in found and key in self._touched:
                message.show_message("；".join(found[key]))
            else:
                message.clear_message()
                untouched.extend(found.get(key, []))
        self._has_error = bool(found)
        self.save_button.setEnabled(not self._has_error)
        if untouched:
            self.summary.show_message(self.tr("还需：{0}").format("；".join(untouched)), "warning")
        else:
            self.summary.clear_message()
        return found

    def has_error(self) -> bool:
        return self._has_error

    def is_modified(self) -> bool:
        return self.record() != self._initial

    # ----- actions ---------------------------------------------------------------------------------------------
    def save(self) -> None:
        if self.check_now():
            return
        try:
            self.saved_id = save_visit(self._db, self.record(), user=user_name(self._db), today=self._today)
        except ServiceError as exc:
            self.summary.show_message(exc.message)
            return
        self.accept()

    def reject(self) -> None:
        if self.is_modified() and not discard_confirmed(self, self.tr("走访记录")):
            return
        super().reject()
