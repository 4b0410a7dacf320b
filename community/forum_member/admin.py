# Machina's admin for forum profiles, registered against the project's concrete model.
from machina.apps.forum_member.admin import *  # noqa: F403
