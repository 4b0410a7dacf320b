"""The role rules of ``community.accounts.roles`` in templates: ``user|may_participate``."""

from django import template

from .. import roles

register = template.Library()


@register.filter
def may_participate(user):
    return roles.may_participate(user)


@register.filter
def may_moderate_members(user):
    return roles.may_moderate_members(user)
