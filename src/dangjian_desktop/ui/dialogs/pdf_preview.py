"""Preview a PDF before printing: pages rendered with pdfium as they scroll into view, print, save a copy.

QtPdf is not part of PySide6-Essentials, so pages are drawn by pypdfium2 (imported only when a preview opens).
Rendering happens on the GUI thread (pdfium is not thread-safe) one page per event-loop turn, visible pages
first, and pages far from the view are dropped again, so a 500-page roster neither freezes nor fills memory.
"""

import shutil
import tempfile
from bisect import bisect_right
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QObject, QRectF, QSizeF, Qt, QTimer
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPainter, QPixmap
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (QButtonGroup, QDialog, QHBoxLayout, QLabel, QMessageBox, QProgressDialog,
                               QPushButton, QScrollArea, QVBoxLayout, QWidget)

from ...domain.progress import Cancelled, Progress
from ..ops import BackgroundOp, show_error
from ..theme import HINT, PRIMARY, set_role
from . import ask_save_path

PAGE_MARGIN = 24        # px around and between the pages
RENDER_AHEAD = 2        # pages rendered beyond the visible ones
KEEP_AROUND = 8         # rendered pages kept beyond the visible ones; farther ones are dropped
PRINT_DPI = 300         # enough for text on paper; 600 dpi would need 100 MB per A4 page


class PdfPreviewDialog(QDialog):
    def __init__(self, parent: QWidget | None, pdf_path: Path, title: str):
        super().__init__(parent)
        import pypdfium2

        self.pdf_path = Path(pdf_path)
        self.title = title
        self.setWindowTitle(self.tr("预览 — {0}").format(title))
        self._document = pypdfium2.PdfDocument(str(self.pdf_path))
        self._page_sizes = [self._document.get_page_size(i) for i in range(len(self._document))]
        self._fit_width = True
        self._rendered: dict[int, int] = {}   # page index → the width in px it was rendered at
        self._queue: list[int] = []
        self._tops: list[int] = []             # y of each page in the scrolled area
        self._render_timer = QTimer(self, interval=0, timeout=self._render_next)
        self._layout_timer = QTimer(self, singleShot=True, interval=100, timeout=self._lay_out_pages)
        self._build()
        screen = (parent.screen() if parent is not None else self.screen()).availableGeometry()
        self.resize(int(screen.width() * 0.8), int(screen.height() * 0.9))

    def _build(self) -> None:
        self.count_label = QLabel(self.tr("共 {0} 页").format(self.page_count))
        self.fit_button = QPushButton(self.tr("适合宽度"), checkable=True, checked=True)
        self.actual_button = QPushButton(self.tr("100%"), checkable=True)
        zoom = QButtonGroup(self)
        zoom.addButton(self.fit_button)
        zoom.addButton(self.actual_button)
        zoom.buttonClicked.connect(lambda button: self.set_fit_width(button is self.fit_button))
        self.print_button = set_role(QPushButton(self.tr("打印…")), PRIMARY)
        self.save_button = QPushButton(self.tr("另存为 PDF…"))
        self.close_button = QPushButton(self.tr("关闭"))
        self.print_button.clicked.connect(self.print_document)
        self.save_button.clicked.connect(self.save_copy)
        self.close_button.clicked.connect(self.reject)
        self.message = set_role(QLabel(), HINT)

        tools = QHBoxLayout()
        tools.setContentsMargins(12, 10, 12, 10)
        tools.setSpacing(8)
        tools.addWidget(self.count_label)
        tools.addSpacing(8)
        for widget in (self.fit_button, self.actual_button):
            tools.addWidget(widget)
        tools.addSpacing(12)
        tools.addWidget(self.message, 1)
        for widget in (self.print_button, self.save_button, self.close_button):
            tools.addWidget(widget)

        self.container = QWidget(objectName="pdfPagesContainer")
        pages = QVBoxLayout(self.container)
        pages.setContentsMargins(PAGE_MARGIN, PAGE_MARGIN, PAGE_MARGIN, PAGE_MARGIN)
        pages.setSpacing(PAGE_MARGIN)
        self.page_labels: list[QLabel] = []
        for index in range(self.page_count):
            label = QLabel(self.tr("第 {0} 页").format(index + 1), objectName="pdfPage")
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            pages.addWidget(label, 0, Qt.AlignmentFlag.AlignHCenter)
            self.page_labels.append(label)
        self.scroll = QScrollArea(objectName="pdfPages")
        self.scroll.setWidget(self.container)
        self.scroll.setWidgetResizable(True)
        self.scroll.verticalScrollBar().valueChanged.connect(self._schedule_visible)
        self.scroll.horizontalScrollBar().valueChanged.connect(self._schedule_visible)
        self.scroll.viewport().installEventFilter(self)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(tools)
        layout.addWidget(self.scroll, 1)
        self.close_button.setDefault(True)

    @property
    def page_count(self) -> int:
        return len(self._page_sizes)

    @property
    def rendered_pages(self) -> set[int]:
        return set(self._rendered)

    # ------------------------------------------------------------------------------------------------ viewing
    def set_fit_width(self, fit: bool) -> None:
        self._fit_width = fit
        self.fit_button.setChecked(fit)
        self.actual_button.setChecked(not fit)
        self._lay_out_pages()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if watched is self.scroll.viewport() and event.type() == QEvent.Type.Resize and self._fit_width:
            self._layout_timer.start()
        return super().eventFilter(watched, event)

    def showEvent(self, event) -> None:  # noqa: N802, ANN001 - Qt's name and type
        super().showEvent(event)
        self._layout_timer.start(0)

    def _page_width(self, index: int) -> int:
        if self._fit_width:
            return max(200, self.scroll.viewport().width() - 2 * PAGE_MARGIN)
        return round(self._page_sizes[index][0] * self.logicalDpiX() / 72)

    def _lay_out_pages(self) -> None:
        """Size every page for the zoom; the pages' tops are computed here, as the layout applies them later."""
        top = PAGE_MARGIN
        self._tops = []
        for index, label in enumerate(self.page_labels):
            width = self._page_width(index)
            page_width, page_height = self._page_sizes[index]
            label.setFixedSize(width, round(width * page_height / page_width))
            self._tops.append(top)
            top += label.height() + PAGE_MARGIN
            if index in self._rendered and self._rendered[index] != width:
                self._drop(index)
        self._schedule_visible()

    def _visible_range(self) -> range:
        top = self.scroll.verticalScrollBar().value()
        bottom = top + self.scroll.viewport().height()
        first = max(bisect_right(self._tops, top) - 1, 0)
        last = max(bisect_right(self._tops, bottom) - 1, first)
        return range(first, min(last + 1, self.page_count))

    def _schedule_visible(self) -> None:
        if self._document is None or not self._tops:   # closed, or not laid out yet
            return
        visible = self._visible_range()
        ahead = range(max(0, visible.start - RENDER_AHEAD), min(self.page_count, visible.stop + RENDER_AHEAD))
        for index in list(self._rendered):
            if index < visible.start - KEEP_AROUND or index >= visible.stop + KEEP_AROUND:
                self._drop(index)
        wanted = [*visible, *(i for i in ahead if i not in visible)]   # the visible pages first
        self._queue = [i for i in wanted if i not in self._rendered]
        if self._queue:
            self._render_timer.start()

    def _render_next(self) -> None:
        if not self._queue:
            self._render_timer.stop()
            return
        index = self._queue.pop(0)
        label = self.page_labels[index]
        ratio = self.devicePixelRatioF()
        image = self._render_image(index, label.width() * ratio / self._page_sizes[index][0])
        pixmap = QPixmap.fromImage(image)
        pixmap.setDevicePixelRatio(ratio)
        label.setPixmap(pixmap)
        self._rendered[index] = label.width()

    def _drop(self, index: int) -> None:
        self.page_labels[index].setText(self.tr("第 {0} 页").format(index + 1))
        del self._rendered[index]

    def _render_image(self, index: int, scale: float) -> QImage:
        page = self._document[index]
        try:
            bitmap = page.render(scale=scale, prefer_bgrx=True)   # BGRX bytes = QImage.Format_RGB32
            image = QImage(bitmap.buffer, bitmap.width, bitmap.height, bitmap.stride, QImage.Format.Format_RGB32)
            return image.copy()   # detach from pdfium's buffer
        finally:
            page.close()

    # ----------------------------------------------------------------------------------------------- printing
    def print_document(self) -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        self.set_up_printer(printer)
        dialog = QPrintDialog(printer, self)
        dialog.setMinMax(1, self.page_count)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.print_to(printer)

    def set_up_printer(self, printer: QPrinter) -> None:
        """Paper size and orientation of the PDF's first page (A4 is recognised as A4)."""
        width, height = self._page_sizes[0]
        printer.setDocName(self.title)
        printer.setFullPage(True)   # the PDF carries its own margins
        printer.setPageSize(QPageSize(QSizeF(min(width, height), max(width, height)), QPageSize.Unit.Point))
        printer.setPageOrientation(QPageLayout.Orientation.Landscape if width > height
                                   else QPageLayout.Orientation.Portrait)

    def print_to(self, printer: QPrinter) -> bool:
        """Print the chosen pages, one rendered image per sheet; False if cancelled or the printer refused."""
        first, last = printer.fromPage(), printer.toPage()
        pages = range(first - 1, last) if first else range(self.page_count)
        progress = QProgressDialog(self.tr("正在打印……"), self.tr("取消"), 0, len(pages), self)
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(600)
        painter = QPainter()
        if not painter.begin(printer):
            QMessageBox.warning(self, self.tr("无法打印"), self.tr("打印机没有响应，请检查打印机是否已连接并开机。"))
            return False
        dpi = min(printer.resolution(), PRINT_DPI)
        try:
            for done, index in enumerate(pages):
                if progress.wasCanceled():
                    printer.abort()
                    return False
                if done:
                    printer.newPage()
                image = self._render_image(index, dpi / 72)
                paper = QRectF(printer.paperRect(QPrinter.Unit.DevicePixel))
                scale = min(paper.width() / image.width(), paper.height() / image.height())
                target = QRectF(0, 0, image.width() * scale, image.height() * scale)
                target.moveCenter(paper.center())
                painter.drawImage(target, image)
                progress.setValue(done + 1)
        finally:
            painter.end()
            progress.close()
            progress.deleteLater()
        self.message.setText(self.tr("已发送到打印机：{0} 页").format(len(pages)))
        return True

    # -------------------------------------------------------------------------------------------------- saving
    def save_copy(self) -> None:
        target = ask_save_path(self, self.tr("另存为 PDF"), f"{self.title}.pdf", self.tr("PDF 文件 (*.pdf)"), ".pdf")
        if target is None:
            return
        try:
            shutil.copyfile(self.pdf_path, target)
        except OSError as exc:
            QMessageBox.warning(self, self.tr("无法保存"), self.tr("无法保存到 {0}\n原因：{1}").format(
                target, exc.strerror or exc))
            return
        self.message.setText(self.tr("已保存到：{0}").format(target))

    def done(self, result: int) -> None:
        """Close the document before the dialog is gone, so the caller can delete the file (Windows locks it)."""
        self._render_timer.stop()
        self._queue.clear()
        if self._document is not None:
            self._document.close()
            self._document = None
        super().done(result)


def preview_generated_pdf(parent: QWidget, title: str, render: Callable[[Path, Progress], Any],
                          on_shown: Callable[["PdfPreviewDialog | None"], None] | None = None) -> None:
    """Render a PDF off the GUI thread into a temporary folder, then show it for printing or saving.

    The folder is removed when the preview closes, or at once if rendering fails or is cancelled.
    `on_shown` receives the dialog when it opens and None when it is gone.
    """
    folder = Path(tempfile.mkdtemp(prefix="dangjian-print-"))
    pdf_path = folder / f"{title}.pdf"

    def show(_result: Any) -> None:
        dialog = PdfPreviewDialog(parent, pdf_path, title)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _code: shutil.rmtree(folder, ignore_errors=True))
        if on_shown is not None:
            dialog.destroyed.connect(lambda: on_shown(None))
            on_shown(dialog)
        dialog.open()

    def failed(exc: BaseException) -> None:
        shutil.rmtree(folder, ignore_errors=True)
        if not isinstance(exc, Cancelled):
            show_error(parent, exc)

    BackgroundOp(parent, parent.tr("正在生成 PDF……"), lambda progress: render(pdf_path, progress), show, failed).run()
