"""When the folded parts of the post forms ("Ajouter un sondage", "Joindre un fichier") open:
as soon as they hold something the member entered, or an error about it."""

from django import template

register = template.Library()

POLL_FIELDS = ("poll_question", "poll_max_options", "poll_duration")


def _has_errors(formset):
    return bool(formset.is_bound and (formset.total_error_count() or formset.non_form_errors()))


@register.filter
def poll_is_filled(post_form, poll_option_formset):
    if any(name in post_form.errors for name in POLL_FIELDS if name in post_form.fields):
        return True
    if "poll_question" in post_form.fields and (post_form["poll_question"].value() or "").strip():
        return True
    # The options' errors are only checked with a question (machina), which opened it already.
    if poll_option_formset is None:
        return False
    return any(
        (form["text"].value() or "").strip()
        for form in poll_option_formset
        if "text" in form.fields
    )


@register.filter
def attachments_are_filled(attachment_formset):
    if attachment_formset.initial_form_count():
        return True  # a post's existing attachments, when it is edited
    if _has_errors(attachment_formset):
        return True
    return bool(attachment_formset.is_bound and attachment_formset.files)
