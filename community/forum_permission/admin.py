# machina's admin pages for the permission rows, registered for the models of this app.
from django.contrib import admin
from django.db import models
from machina.apps.forum.admin import ForumAdmin
from machina.apps.forum_permission.admin import *  # noqa: F403
from machina.core.db.models import get_model

Forum = get_model("forum", "Forum")


class RubricAdmin(ForumAdmin):
    """machina's rubric admin (where a rubric's permissions are edited too); a rubric's link is
    read as https when typed without a scheme, as every other address field of the site."""

    formfield_overrides = {
        **ForumAdmin.formfield_overrides,
        models.URLField: {"assume_scheme": "https"},
    }


admin.site.unregister(Forum)
admin.site.register(Forum, RubricAdmin)
