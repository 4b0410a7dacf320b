"""Permission names in French, for the screens that list them (Django's admin).

Django stores the names of the default permissions in English when ``migrate`` creates them
("Can add member"): the database holds no translation. They are shown here from the model's own
(translated) verbose name instead; other names go through the catalogues, as stored.
"""

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

DEFAULT_ACTIONS = {
    "add": _("Can add %s"),
    "change": _("Can change %s"),
    "delete": _("Can delete %s"),
    "view": _("Can view %s"),
    # Wagtail's images and documents add one more to each model.
    "choose": _("Can choose %s"),
}


# Names of the permissions apps define themselves (stored in English), for the catalogue.
APP_PERMISSION_NAMES = (_("Can import pages and snippets from other sites"),)


def permission_name(permission):
    """The permission's name in the active language."""
    model = permission.content_type.model_class()
    action, _sep, model_name = permission.codename.partition("_")
    if (
        model is not None
        and action in DEFAULT_ACTIONS
        and model_name == model._meta.model_name
        and permission.name.startswith(f"Can {action} ")
    ):
        return DEFAULT_ACTIONS[action] % model._meta.verbose_name
    return gettext(permission.name)


def permission_label(permission):
    """As Django's ``str(permission)`` ("application | model | name"), translated."""
    content_type = permission.content_type
    model = content_type.model_class()
    if model is None:
        return f"{content_type} | {permission_name(permission)}"
    return (
        f"{model._meta.app_config.verbose_name} | {model._meta.verbose_name} | "
        f"{permission_name(permission)}"
    )


class TranslatedPermissionsMixin:
    """A ModelAdmin whose permission pickers show the names in French."""

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        formfield = super().formfield_for_manytomany(db_field, request, **kwargs)
        if formfield is not None and db_field.name in {"permissions", "user_permissions"}:
            formfield.queryset = formfield.queryset.select_related("content_type")
            formfield.label_from_instance = permission_label
        return formfield
