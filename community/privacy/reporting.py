"""Error reports never carry a beneficiary's personal data.

A 500 while a member posts sends the administrators (``AdminEmailHandler``) a report holding the
request's POST data and the local variables of each frame: the post's text, as written. Django
reads them through ``DEFAULT_EXCEPTION_REPORTER_FILTER``; this filter masks in every text what the
guard finds (``masking.mask_personal_data``), on top of Django's own cleansing (passwords, keys).
"""

from django.views.debug import SafeExceptionReporterFilter

from .masking import mask_personal_data


def _masked(value):
    """``value`` with the personal data of its texts masked; another object whose text shown in
    the report holds some is replaced by that text, masked."""
    if isinstance(value, str):
        return mask_personal_data(value)
    if isinstance(value, (list, tuple)):
        return type(value)(_masked(item) for item in value)
    if isinstance(value, dict):
        return {key: _masked(item) for key, item in value.items()}
    try:
        shown = repr(value)
    except Exception:  # noqa: BLE001 -- the report shows what it can
        return value
    masked = mask_personal_data(shown)
    return value if masked == shown else masked


class PersonalDataReporterFilter(SafeExceptionReporterFilter):
    def get_post_parameters(self, request):
        parameters = super().get_post_parameters(request)
        if not parameters:
            return parameters
        parameters = parameters.copy()
        for name in parameters:
            parameters.setlist(name, [_masked(value) for value in parameters.getlist(name)])
        return parameters

    def get_traceback_frame_variables(self, request, tb_frame):
        return [
            (name, _masked(value))
            for name, value in super().get_traceback_frame_variables(request, tb_frame)
        ]
