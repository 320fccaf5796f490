"""The Qt face of the program: the only package that imports PySide6."""
