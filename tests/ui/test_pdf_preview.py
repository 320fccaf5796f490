"""The PDF preview: page count, lazy rendering, zoom, save a copy, print (to a PDF printer)."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QFileDialog
from pypdf import PdfReader
from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfgen import canvas

from dangjian_desktop.ui.dialogs.pdf_preview import PdfPreviewDialog


def make_pdf(path, pages: int, pagesize=landscape(A4)):
    drawing = canvas.Canvas(str(path), pagesize=pagesize)
    for number in range(1, pages + 1):
        drawing.setFont("Helvetica", 40)
        drawing.drawString(72, pagesize[1] - 120, f"Page {number}")
        drawing.rect(36, 36, pagesize[0] - 72, pagesize[1] - 72)
        drawing.showPage()
    drawing.save()
    return path


@pytest.fixture
def preview(ui_app, qtbot, tmp_path):
    def open_preview(pages: int = 3, pagesize=landscape(A4)) -> PdfPreviewDialog:
        dialog = PdfPreviewDialog(None, make_pdf(tmp_path / "roster.pdf", pages, pagesize), "测试花名册")
        qtbot.addWidget(dialog)
        dialog.resize(900, 700)
        dialog.show()
        qtbot.waitExposed(dialog)
        return dialog
    return open_preview


def test_shows_page_count_and_renders_the_first_page(preview, qtbot):
    dialog = preview(3)
    assert dialog.page_count == 3
    assert dialog.count_label.text() == "共 3 页"
    assert len(dialog.page_labels) == 3
    qtbot.waitUntil(lambda: 0 in dialog.rendered_pages)
    first = dialog.page_labels[0]
    assert not first.pixmap().isNull()
    assert first.width() > first.height()   # landscape A4 stays landscape


def test_big_pdf_renders_only_near_the_view_and_follows_scrolling(preview, qtbot):
    dialog = preview(60)
    qtbot.waitUntil(lambda: 0 in dialog.rendered_pages)
    qtbot.wait(200)
    assert 59 not in dialog.rendered_pages
    assert len(dialog.rendered_pages) < 10
    bar = dialog.scroll.verticalScrollBar()
    bar.setValue(bar.maximum())
    qtbot.waitUntil(lambda: 59 in dialog.rendered_pages)
    assert 0 not in dialog.rendered_pages    # far pages are dropped again
    assert dialog.page_labels[0].pixmap().isNull()


def test_zoom_switches_between_fit_width_and_actual_size(preview, qtbot):
    dialog = preview(2, pagesize=A4)
    qtbot.waitUntil(lambda: dialog.page_labels[0].width() == dialog.scroll.viewport().width() - 48)
    qtbot.mouseClick(dialog.actual_button, Qt.MouseButton.LeftButton)
    actual = round(A4[0] * dialog.logicalDpiX() / 72)
    assert dialog.page_labels[0].width() == actual
    assert dialog.actual_button.isChecked() and not dialog.fit_button.isChecked()
    qtbot.waitUntil(lambda: dialog.page_labels[0].pixmap().deviceIndependentSize().width() == actual)


def test_save_as_copies_the_file_and_adds_the_suffix(preview, qtbot, tmp_path, monkeypatch):
    dialog = preview(2)
    target = tmp_path / "out" / "副本"
    target.parent.mkdir()
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args, **kwargs: (str(target), ""))
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    saved = target.with_name("副本.pdf")
    assert saved.read_bytes() == dialog.pdf_path.read_bytes()
    assert str(saved) in dialog.message.text()


def test_save_as_cancelled_writes_nothing(preview, qtbot, tmp_path, monkeypatch):
    dialog = preview(1)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args, **kwargs: ("", ""))
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["roster.pdf"]
    assert dialog.message.text() == ""


def test_prints_every_page_in_the_pdf_orientation(preview, tmp_path):
    dialog = preview(3)
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    dialog.set_up_printer(printer)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    assert dialog.print_to(printer)
    printed = PdfReader(tmp_path / "printed.pdf")
    assert len(printed.pages) == 3
    box = printed.pages[0].mediabox
    assert float(box.width) == pytest.approx(A4[1], abs=2)   # landscape A4: 842 × 595 pt
    assert float(box.height) == pytest.approx(A4[0], abs=2)
    assert "3 页" in dialog.message.text()


def test_prints_only_the_chosen_range(preview, tmp_path):
    dialog = preview(5, pagesize=A4)
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    dialog.set_up_printer(printer)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "range.pdf"))
    printer.setFromTo(2, 3)
    assert dialog.print_to(printer)
    printed = PdfReader(tmp_path / "range.pdf")
    assert len(printed.pages) == 2
    assert float(printed.pages[0].mediabox.height) == pytest.approx(A4[1], abs=2)   # portrait


def test_closing_releases_the_document(preview):
    dialog = preview(2)
    dialog.reject()
    dialog.pdf_path.unlink()   # Windows refuses this while pdfium still holds the file
    assert not dialog.pdf_path.exists()
