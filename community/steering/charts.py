"""Server-rendered SVG charts (pygal) of the dashboard's figures, without any script."""

import pygal
from django.utils.html import escape
from django.utils.safestring import mark_safe
from pygal.style import Style

from .stats import format_number

# Readable on white, distinguishable colours (Okabe–Ito), the admin's own font.
STYLE = Style(
    background="#ffffff",
    plot_background="#ffffff",
    foreground="#1f2a35",
    foreground_strong="#1f2a35",
    foreground_subtle="#5c6773",
    font_family="system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif",
    title_font_size=18,
    legend_font_size=13,
    label_font_size=12,
    major_label_font_size=12,
    value_font_size=12,
    colors=(
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


def render_chart(figure):
    """The figure as an inline ``<svg>`` (pygal, no JavaScript) labelled by its title."""
    columns = figure.chart_columns
    indexes = [figure.columns.index(column) for column in columns]
    rows = figure.rows
    if figure.kind == "hbar":  # pygal draws the first row at the bottom: read from the top
        rows = rows[::-1]
    labels = [short_label(label) for label, _values in rows]
    chart = CHART_CLASSES[figure.kind](
        style=STYLE,
        js=[],
        title=figure.title,
        width=900,
        height=420 if figure.kind != "hbar" else max(260, 60 + 48 * len(labels)),
        explicit_size=False,
        disable_xml_declaration=True,
        legend_at_bottom=True,
        legend_at_bottom_columns=min(max(len(columns), 1), 3),
        truncate_legend=34,
        truncate_label=30,
        x_label_rotation=0 if len(labels) <= 14 else 40,
        show_minor_x_labels=len(labels) <= 14,
        x_labels_major_every=max(1, len(labels) // 10),
        print_values=False,
        value_formatter=axis_number,
        no_data_text="Aucune donnée",
        include_x_axis=True,
        range=(0, 100) if figure.unit == "%" else None,
        tooltip_fancy_mode=False,
    )
    chart.x_labels = labels
    for column, index in zip(columns, indexes, strict=True):
        chart.add(column, [values[index] for _label, values in rows])
    svg = chart.render(is_unicode=True)
    # Name the image for assistive technologies (the table below holds the figures).
    svg = svg.replace(
        "<svg ",
        f'<svg role="img" aria-label="{escape(figure.title)}" focusable="false" ',
        1,
    )
    return mark_safe(svg)  # noqa: S308 -- pygal escapes every text it writes
