"""The figures page's drawings in Python: the bar charts (SVG) and the sorting
rates' cells, with the markup the templates ``pages/report_chart.html`` and
``pages/report_rates.html`` had. The page has some fifty of them; an include a
cell (and four filters a bar) was a good part of its rendering time."""

from django import template
from django.template.defaultfilters import floatformat
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.text import Truncator

register = template.Library()

_BAR = (
    '<text x="0" y="{}" font-size="14" fill="#212529">{}</text>\n'
    '<rect x="0" y="{}" width="{}" height="{}" fill="#1f6f8b" />\n'
    '<text x="{}" y="{}" font-size="14" font-weight="bold" '
    'fill="#212529">{}</text>\n'
)


def _tenths(value: float) -> str:
    return f"{value:.1f}"


@register.simple_tag
def report_chart(chart) -> SafeString:
    """A horizontal bar chart drawn on the server (each label on the line above
    its bar): labels and values are text in the drawing, the title and the figures
    in words are its accessible name and description."""
    bars = format_html_join(
        "",
        _BAR,
        (
            (
                _tenths(bar.label_y),
                Truncator(bar.label).chars(24),
                _tenths(bar.y),
                _tenths(bar.width),
                chart.bar_height,
                _tenths(bar.value_x),
                _tenths(bar.text_y),
                bar.text,
            )
            for bar in chart.bars
        ),
    )
    return format_html(
        '<figure class="report-chart mb-3">\n'
        '<svg role="img" aria-labelledby="chart-{key}-title chart-{key}-desc" '
        'viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        'class="mw-100 h-auto" focusable="false" '
        'xmlns="http://www.w3.org/2000/svg">\n'
        '<title id="chart-{key}-title">{title}</title>\n'
        '<desc id="chart-{key}-desc">{desc}</desc>\n'
        "{bars}</svg>\n"
        '<figcaption class="small text-secondary">{title}</figcaption>\n'
        "</figure>",
        key=chart.key,
        width=chart.width,
        height=chart.height,
        title=chart.title,
        desc=chart.desc,
        bars=bars,
    )


@register.simple_tag
def sorting_rate(rate) -> SafeString:
    """One sorting cell: participation / awareness (households checked), or a
    dash."""
    if not rate.checked:
        return SafeString("—")
    return format_html(
        '{}% / {}% <span class="text-secondary small">({})</span>',
        floatformat(rate.participation, 1),
        floatformat(rate.awareness, 1),
        rate.checked,
    )
