# Machina's admin for topics and posts, registered against the project's concrete models.
from machina.apps.forum_conversation.admin import *  # noqa: F403
