"""Server-rendered SVG charts (pygal) of the dashboard's figures, without any script."""

import re

import pygal
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from pygal.style import Style

from .stats import format_number

# Readable on white, distinguishable colours (Okabe–Ito), the admin's own font.
COLOURS = {
    "background": "#ffffff",
    "plot_background": "#ffffff",
    "foreground": "#1f2a35",
    "foreground_strong": "#1f2a35",
    "foreground_subtle": "#5c6773",
    "font_family": "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif",
    "colors": (
        "#0072b2",
        "#e69f00",
        "#009e73",
        "#cc79a7",
        "#56b4e9",
        "#d55e00",
        "#f0e442",
        "#000000",
        "#7f7f7f",
        "#882255",
        "#44aa99",
        "#999933",
    ),
}
STYLE = Style(
    **COLOURS,
    title_font_size=18,
    legend_font_size=13,
    label_font_size=12,
    major_label_font_size=12,
    value_font_size=12,
)

CHART_CLASSES = {
    "stacked": pygal.StackedBar,
    "bar": pygal.Bar,
    "hbar": pygal.HorizontalBar,
    "line": pygal.Line,
}


def axis_number(value):
    """Ticks and values: whole numbers without decimals, others as the tables show them."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return format_number(value)


def short_label(label):
    """A week's label without its year (``07/09/2026`` → ``07/09``); other labels unchanged."""
    if len(label) == 10 and label[2] == label[5] == "/":
        return label[:5]
    return label


# Phones: the same figures drawn for a 340 px column at their natural size (text of 13 px and
# more, never scaled down), weeks as rows of horizontal bars; ``dashboard.html`` shows this
# drawing when the column is narrow and the wide one otherwise.
NARROW_WIDTH = 340
NARROW_LABEL_CHARS = 16
NARROW_STYLE = Style(
    **COLOURS,
    title_font_size=16,
    legend_font_size=14,
    label_font_size=13,
    major_label_font_size=13,
    value_font_size=13,
    tooltip_font_size=13,
    no_data_font_size=16,
)
NARROW_CLASSES = {
    "stacked": pygal.HorizontalStackedBar,
    "bar": pygal.HorizontalBar,
    "hbar": pygal.HorizontalBar,
    "line": pygal.Line,
}


def render_chart(figure, narrow=False):
    """The figure as an inline ``<svg>`` (pygal, no JavaScript) labelled by its title;
    ``narrow``: the drawing for a phone's column (see ``NARROW_WIDTH``)."""
    columns = figure.chart_columns
    indexes = [figure.columns.index(column) for column in columns]
    rows = figure.rows
    horizontal = figure.kind == "hbar" or (narrow and figure.kind != "line")
    if horizontal:  # pygal draws the first row at the bottom: read from the top
        rows = rows[::-1]
    labels = [short_label(label) for label, _values in rows]
    if narrow:
        # Names cut at a word (the table below holds them whole) to leave the bars some room.
        labels = [Truncator(label).chars(NARROW_LABEL_CHARS) for label in labels]
        options = {
            "style": NARROW_STYLE,
            "width": NARROW_WIDTH,
            "height": (
                60 + 30 * len(labels) + 24 * len(columns) if horizontal else 300 + 24 * len(columns)
            ),
            "legend_at_bottom_columns": 1,
            "truncate_legend": 24,
            "truncate_label": -1,
            "max_scale": 5,
            "margin_right": 24,
            "x_label_rotation": 0,
            "show_minor_x_labels": horizontal,
            "x_labels_major_every": 1 if horizontal else max(1, -(-len(labels) // 4)),
        }
        chart_class = NARROW_CLASSES[figure.kind]
    else:
        options = {
            "style": STYLE,
            "width": 900,
            "height": 420 if figure.kind != "hbar" else max(260, 60 + 48 * len(labels)),
            "legend_at_bottom_columns": min(max(len(columns), 1), 3),
            "truncate_legend": 34,
            "truncate_label": 30,
            "x_label_rotation": 0 if len(labels) <= 14 else 40,
            "show_minor_x_labels": len(labels) <= 14,
            "x_labels_major_every": max(1, len(labels) // 10),
        }
        chart_class = CHART_CLASSES[figure.kind]
    chart = chart_class(
        js=[],
        title=figure.title,
        explicit_size=False,
        disable_xml_declaration=True,
        legend_at_bottom=True,
        print_values=False,
        value_formatter=axis_number,
        no_data_text="Aucune donnée",
        include_x_axis=True,
        range=(0, 100) if figure.unit == "%" else None,
        tooltip_fancy_mode=False,
        **options,
    )
    chart.x_labels = labels
    for column, index in zip(columns, indexes, strict=True):
        chart.add(column, [values[index] for _label, values in rows])
    svg = chart.render(is_unicode=True)
    # The legend's ids serve pygal's script only (not loaded): the same on every chart, they would
    # be duplicates in the page.
    svg = re.sub(r' id="activate-serie-\d+"', "", svg)
    # Name the image for assistive technologies (the table below holds the figures).
    svg = svg.replace(
        "<svg ",
        f'<svg role="img" aria-label="{escape(figure.title)}" focusable="false" ',
        1,
    )
    return mark_safe(svg)  # noqa: S308 -- pygal escapes every text it writes
