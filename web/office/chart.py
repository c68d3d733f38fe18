"""A bar chart of counts per day as inline SVG (no JavaScript, no external assets)."""
from __future__ import annotations

from markupsafe import Markup, escape


def bars_svg(points: list[tuple[str, int]], title: str, width: int = 720, height: int = 200) -> Markup:
    if not points:
        return Markup("")
    top = max(n for _, n in points) or 1
    pad_left, pad_bottom = 40, 40
    inner_w, inner_h = width - pad_left - 10, height - pad_bottom - 10
    step = inner_w / len(points)
    bar_w = max(step * 0.8, 1)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" '
             f'role="img" aria-labelledby="chart-title"><title id="chart-title">{escape(title)}</title>',
             f'<text x="{pad_left - 4}" y="14" text-anchor="end" font-size="10">{top}</text>',
             f'<line x1="{pad_left}" y1="{10 + inner_h}" x2="{width - 10}" y2="{10 + inner_h}" stroke="#555"/>']
    label_every = max(1, len(points) // 10)
    for i, (day, n) in enumerate(points):
        h = inner_h * n / top
        x = pad_left + i * step
        parts.append(f'<rect x="{x:.1f}" y="{10 + inner_h - h:.1f}" width="{bar_w:.1f}" height="{h:.1f}" fill="#1d5fa8">'
                     f'<title>{escape(day)}: {n}</title></rect>')
        if i % label_every == 0:
            parts.append(f'<text x="{x:.1f}" y="{height - 22}" font-size="10">{escape(day[5:])}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))
