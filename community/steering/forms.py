from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .stats import DEFAULT_WEEKS, MAX_WEEKS, Period


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class PeriodForm(forms.Form):
    """The dashboard's period; both dates are optional (by default, the last 12 weeks)."""

    start = forms.DateField(label=_("From"), required=False, widget=DateInput())
    end = forms.DateField(label=_("To"), required=False, widget=DateInput())

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        today = timezone.localdate()
        end = cleaned.get("end") or today
        start = cleaned.get("start") or end - timedelta(weeks=DEFAULT_WEEKS) + timedelta(days=1)
        if start > end:
            self.add_error("end", _("The end of the period must come after its start."))
        elif (end - start).days + 1 > MAX_WEEKS * 7:
            self.add_error(
                "start", _("Choose a period of at most %(weeks)s weeks.") % {"weeks": MAX_WEEKS}
            )
        else:
            cleaned["period"] = Period(start, end)
        return cleaned
