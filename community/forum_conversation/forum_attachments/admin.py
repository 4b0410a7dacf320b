# Machina's admin for attachments, registered against the project's concrete model.
from machina.apps.forum_conversation.forum_attachments.admin import *  # noqa: F403
