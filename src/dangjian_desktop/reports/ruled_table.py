"""The look of the bordered lists with a grey header row (the binder's contents, the attendance table, the visit
and demand tables), kept in one place so the forms print alike."""

from reportlab.lib import colors

HEADER_FILL = colors.HexColor("#EDEDED")
PAD_X, PAD_TOP, PAD_BOTTOM = 3, 3, 4.5         # CJK glyphs sit low in their em box


def ruled_grid(bottom_padding: float = PAD_BOTTOM) -> list[tuple]:
    """TableStyle commands: thin lines between the cells in a heavier frame, the header row filled grey, every
    cell padded."""
    return [
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("BOX", (0, 0), (-1, -1), 1, colors.black),
        ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
        ("LEFTPADDING", (0, 0), (-1, -1), PAD_X),
        ("RIGHTPADDING", (0, 0), (-1, -1), PAD_X),
        ("TOPPADDING", (0, 0), (-1, -1), PAD_TOP),
        ("BOTTOMPADDING", (0, 0), (-1, -1), bottom_padding),
    ]
