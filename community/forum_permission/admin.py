# machina's admin pages for the permission rows, registered for the models of this app.
from machina.apps.forum_permission.admin import *  # noqa: F403
