"""Small SVG charts drawn by the gateway itself: no script, no CDN, readable without colour.

Every chart has a <title> and a text label on each bar, so screen readers and black-and-white
printouts carry the same information as the picture.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from markupsafe import Markup

BAR = "#0b4f6c"


def bar_chart(title: str, items: Sequence[tuple[str, float]], width: int = 560) -> Markup:
    """Horizontal bars, one per (label, value), longest first as given."""
    row, label_width, top = 24, 190, 8
    height = top + row * max(len(items), 1) + 8
    peak = max((value for _, value in items), default=0) or 1
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{width}" '
             f'height="{height}" viewBox="0 0 {width} {height}"><title>{escape(title)}</title>']
    span = width - label_width - 60
    for index, (label, value) in enumerate(items):
        y = top + index * row
        length = max(int(span * value / peak), 1 if value else 0)
        parts.append(
            f'<text x="{label_width - 8}" y="{y + 16}" text-anchor="end" font-size="13">'
            f'{escape(label[:28])}</text>'
            f'<rect x="{label_width}" y="{y + 4}" width="{length}" height="16" fill="{BAR}"/>'
            f'<text x="{label_width + length + 6}" y="{y + 16}" font-size="13">{value:g}</text>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))


def column_chart(title: str, items: Sequence[tuple[str, float]], width: int = 560) -> Markup:
    """Vertical columns over time, oldest on the left."""
    height, bottom, top = 200, 36, 16
    peak = max((value for _, value in items), default=0) or 1
    slot = width / max(len(items), 1)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{width}" '
             f'height="{height}" viewBox="0 0 {width} {height}"><title>{escape(title)}</title>']
    for index, (label, value) in enumerate(items):
        bar = int((height - bottom - top) * value / peak)
        x = int(index * slot + slot * 0.15)
        w = max(int(slot * 0.7), 2)
        y = height - bottom - bar
        parts.append(
            f'<rect x="{x}" y="{y}" width="{w}" height="{bar}" fill="{BAR}"/>'
            f'<text x="{x + w / 2:.0f}" y="{y - 3}" text-anchor="middle" font-size="11">'
            f'{value:g}</text>'
            f'<text x="{x + w / 2:.0f}" y="{height - bottom + 14}" text-anchor="middle" '
            f'font-size="11">{escape(label)}</text>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))
