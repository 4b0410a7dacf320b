from machina.apps.forum_conversation.forum_attachments.apps import ForumAttachmentsAppConfig


class CommunityForumAttachmentsConfig(ForumAttachmentsAppConfig):
    """Machina's post attachments, with the project's own model (same label).

    The app sits at ``community.forum_conversation.forum_attachments`` so that machina's class
    loader (``get_class("forum_attachments.forms", …)``) finds our forms, cache and views first.
    """

    default = True
    name = "community.forum_conversation.forum_attachments"
