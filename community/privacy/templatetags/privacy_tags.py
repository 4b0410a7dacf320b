from django import template

from ..masking import mask_personal_data

register = template.Library()


@register.filter(name="mask_personal_data")
def mask_personal_data_filter(text):
    """The text with the personal data the guard finds replaced by masks (« [NIR masqué] »…)."""
    return mask_personal_data(text)
