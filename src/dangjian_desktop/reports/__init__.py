"""Printed forms (reportlab): one module per form, sharing fonts.py and layout.py. No Qt, no SQL."""
