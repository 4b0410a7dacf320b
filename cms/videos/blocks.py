import re

from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _
from wagtail import blocks

TIMECODE = re.compile(r"^(?:(\d{1,2}):)?([0-5]?\d):([0-5]\d)$")


class ChapterValue(blocks.StructValue):
    def seconds(self):
        hours, minutes, seconds = TIMECODE.match(self["start"]).groups()
        return int(hours or 0) * 3600 + int(minutes) * 60 + int(seconds)

    def iso_offset(self):
        """The start as an ISO 8601 duration, for a <time datetime="…"> element."""
        return f"PT{self.seconds()}S"


class ChapterBlock(blocks.StructBlock):
    start = blocks.CharBlock(
        label=_("Start"),
        max_length=8,
        help_text=_("Minutes and seconds from the start, e.g. 02:45 (or 1:02:45)."),
        validators=[RegexValidator(TIMECODE, _("Write the start as minutes:seconds, e.g. 02:45."))],
    )
    title = blocks.CharBlock(label=_("Chapter title"), max_length=160)

    class Meta:
        icon = "time"
        label = _("Chapter")
        value_class = ChapterValue
        template = "videos/blocks/chapter_block.html"
        preview_value = {"start": "02:45", "title": "Présenter les trois temps du CEP"}
