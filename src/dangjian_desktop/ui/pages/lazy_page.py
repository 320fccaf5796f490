"""A navigation slot that builds its page the first time it is needed — shown, or asked for by another page —
so start-up builds only 首页."""

from collections.abc import Callable

from PySide6.QtWidgets import QVBoxLayout, QWidget


class LazyPage(QWidget):
    def __init__(self, factory: Callable[[], QWidget], on_built: Callable[["LazyPage"], None],
                 parent: QWidget | None = None):
        super().__init__(parent)
        self._factory, self._on_built = factory, on_built
        self._page: QWidget | None = None
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)

    @property
    def page(self) -> QWidget:
        if self._page is None:
            self._page = self._factory()
            self._layout.addWidget(self._page)
            self._on_built(self)
        return self._page

    @property
    def is_built(self) -> bool:
        return self._page is not None

    def holds(self, page: QWidget) -> bool:
        return self._page is not None and self._page is page

    def refresh(self) -> None:
        """Nothing to reload before the page exists: it loads fresh data when built."""
        if self._page is not None:
            self._page.refresh()

    def focus_search(self) -> None:
        focus = getattr(self.page, "focus_search", None)
        if focus is not None:
            focus()

    def showEvent(self, event) -> None:  # noqa: N802, ANN001 - Qt's name and type
        self.page  # noqa: B018 - building it is the point
        super().showEvent(event)
