from machina.apps.forum_conversation.apps import ForumConversationAppConfig


class CommunityForumConversationConfig(ForumConversationAppConfig):
    """Machina's topics and posts, with the project's own models (same label)."""

    default = True
    name = "community.forum_conversation"

    def ready(self):
        super().ready()
        # These modules read the forum's models: imported once the app registry is ready.
        from machina.apps.forum_conversation import receivers
        from machina.apps.forum_conversation.signals import topic_viewed

        from cms.performance.membercache import register_audience_part  # (once ready)

        from . import slugs  # noqa: F401  (ASCII slugs for rubrics and topics)
        from .counters import on_topic_viewed
        from .visibility import member_audience

        register_audience_part("forum", member_audience)
        # A visit counts in batches (counters.py), not with one UPDATE per page view.
        topic_viewed.disconnect(receivers.update_topic_counter)
        topic_viewed.connect(on_topic_viewed, dispatch_uid="comcep-topic-views")
