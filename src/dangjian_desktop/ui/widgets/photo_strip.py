"""The photos of a meeting: thumbnails in a row, several added at once, a caption each, removable."""

from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QColor, QIcon, QImage, QPainter, QPixmap
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QLabel, QLineEdit, QListView, QListWidget, \
    QListWidgetItem, QPushButton, QVBoxLayout, QWidget

from ...domain.meetings import Photo
from ...services.errors import ServiceError
from ...services.meetings import check_photo
from . import FieldMessage

THUMB = QSize(168, 120)
FILE_FILTER = "图片 (*.jpg *.jpeg *.png)"


def thumbnail(data: bytes) -> QIcon:
    """The picture scaled into the thumbnail box, centred on white (a grey box if it cannot be read)."""
    canvas = QPixmap(THUMB)
    canvas.fill(QColor("#F4F5F7"))
    image = QImage.fromData(data)
    if not image.isNull():
        scaled = image.scaled(THUMB, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation)
        painter = QPainter(canvas)
        painter.drawImage((THUMB.width() - scaled.width()) // 2, (THUMB.height() - scaled.height()) // 2, scaled)
        painter.end()
    return QIcon(canvas)


class PhotoStrip(QWidget):
    """`changed` after a photo was added, removed or captioned."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None, *, chooser_title: str = ""):
        super().__init__(parent)
        self._chooser_title = chooser_title or self.tr("选择会议照片")
        self._photos: list[Photo] = []
        self._read_only = False
        self.list = QListWidget()
        self.list.setViewMode(QListView.ViewMode.IconMode)
        self.list.setFlow(QListView.Flow.LeftToRight)
        self.list.setWrapping(True)
        self.list.setResizeMode(QListView.ResizeMode.Adjust)
        self.list.setMovement(QListView.Movement.Static)
        self.list.setIconSize(THUMB)
        self.list.setGridSize(QSize(THUMB.width() + 24, THUMB.height() + self.fontMetrics().height() * 2 + 16))
        self.list.setWordWrap(True)
        self.list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.add_button = QPushButton(self.tr("添加照片…"))
        self.remove_button = QPushButton(self.tr("删除照片"))
        self.caption = QLineEdit()
        self.caption.setPlaceholderText(self.tr("选中一张照片后，在此填写照片说明"))
        self.message = FieldMessage()
        self.empty_hint = QLabel(self.tr("还没有照片。可一次选择多张 JPEG 或 PNG 图片，每张不超过 10 MB。"))
        self.empty_hint.setStyleSheet("color: #646A73;")

        tools = QHBoxLayout()
        tools.addWidget(self.add_button)
        tools.addWidget(self.remove_button)
        tools.addSpacing(12)
        tools.addWidget(QLabel(self.tr("说明：")))
        tools.addWidget(self.caption, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(tools)
        layout.addWidget(self.message)
        layout.addWidget(self.empty_hint)
        layout.addWidget(self.list, 1)

        self.add_button.clicked.connect(self.choose_files)
        self.remove_button.clicked.connect(self.remove_selected)
        self.caption.textEdited.connect(self._caption_edited)
        self.list.currentRowChanged.connect(self._current_changed)
        self._current_changed(-1)

    # ----- public ----------------------------------------------------------------------------------------------
    def set_photos(self, photos: tuple[Photo, ...]) -> None:
        self._photos = list(photos)
        self.list.clear()
        for photo in self._photos:
            self._add_item(photo)
        self._current_changed(self.list.currentRow())

    def photos(self) -> tuple[Photo, ...]:
        return tuple(self._photos)

    def set_read_only(self, read_only: bool) -> None:
        self._read_only = read_only
        self.add_button.setVisible(not read_only)
        self.remove_button.setVisible(not read_only)
        self._current_changed(self.list.currentRow())

    def add_files(self, paths: list[Path]) -> int:
        """Add the pictures that are JPEG/PNG and small enough; say which were refused. Returns how many were added."""
        refused, added = [], 0
        for path in paths:
            try:
                data = Path(path).read_bytes()
                check_photo(Path(path).name, data)
            except OSError as exc:
                refused.append(self.tr("无法读取“{0}”：{1}").format(Path(path).name, exc.strerror or exc))
                continue
            except ServiceError as exc:
                refused.append(exc.message)
                continue
            photo = Photo(None, Path(path).name, "", data)
            self._photos.append(photo)
            self._add_item(photo)
            added += 1
        self.message.show_message("；".join(refused))
        if added:
            self.list.setCurrentRow(self.list.count() - 1)
            self.changed.emit()
        self._current_changed(self.list.currentRow())
        return added

    def choose_files(self) -> None:
        paths, _filter = QFileDialog.getOpenFileNames(self, self._chooser_title, "", self.tr(FILE_FILTER))
        if paths:
            self.add_files([Path(p) for p in paths])

    def remove_selected(self) -> None:
        row = self.list.currentRow()
        if row < 0 or self._read_only:
            return
        del self._photos[row]
        self.list.takeItem(row)
        self.changed.emit()
        self._current_changed(self.list.currentRow())

    # ----- behaviour -------------------------------------------------------------------------------------------
    def _add_item(self, photo: Photo) -> None:
        item = QListWidgetItem(thumbnail(photo.data), photo.caption or photo.file_name)
        item.setToolTip(photo.file_name)
        self.list.addItem(item)

    def _current_changed(self, row: int) -> None:
        chosen = row >= 0
        self.remove_button.setEnabled(chosen and not self._read_only)
        self.caption.setEnabled(chosen)
        self.caption.setReadOnly(self._read_only)
        self.caption.setText(self._photos[row].caption if chosen else "")
        self.empty_hint.setVisible(not self._photos)
        self.list.setVisible(bool(self._photos))

    def _caption_edited(self, text: str) -> None:
        row = self.list.currentRow()
        if row < 0 or self._read_only:
            return
        self._photos[row] = replace(self._photos[row], caption=text.strip())
        self.list.item(row).setText(text.strip() or self._photos[row].file_name)
        self.changed.emit()
