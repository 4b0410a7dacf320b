"""The community's own forum pages, mounted under /forum/ before machina's.

``forum/<slug>-<pk>/`` shadows machina's rubric page with one that filters topics by theme; its
URL name stays machina's ``forum:forum``; ``poll/<pk>/vote/`` shadows machina's vote URL; the
index (``forum:index``) is machina's, its rubrics read from the shared cache
(``ForumIndexView``), with the members' page cache.
machina's search and feeds are not mounted (see cms/urls.py): the feeds here replace them.
"""

from django.urls import path

from cms.performance.membercache import member_cached
from community.forum_conversation import suggestions as suggestion_views
from community.forum_conversation import views as conversation_views
from community.forum_conversation.feeds import LatestTopicsFeed
from community.moderation import views as moderation_views

app_name = "community"

urlpatterns = [
    # machina's forum index, served to members from the text shared by their audience, with their
    # own parts (unread rubrics, their links) rendered in: cms/performance/membercache.py.
    path(
        "",
        member_cached(conversation_views.ForumIndexView.as_view(), query_parameters=()),
        name="forum_index",
    ),
    path("forum/<str:slug>-<int:pk>/", conversation_views.RubricView.as_view(), name="rubric"),
    path("sujets/", conversation_views.TopicListView.as_view(), name="topic_list"),
    path(
        "reponse-validee/<int:post_pk>/",
        conversation_views.ValidateAnswerView.as_view(),
        name="validate_answer",
    ),
    path(
        "sujets/<int:topic_pk>/reponse-validee/retirer/",
        conversation_views.RemoveValidationView.as_view(),
        name="remove_validation",
    ),
    # Shadows machina's poll vote URL: votes only in visible topics.
    path(
        "poll/<int:pk>/vote/",
        conversation_views.TopicPollVoteView.as_view(),
        name="topic_poll_vote",
    ),
    # The new-topic form's suggestions (community/forum_conversation/suggestions.py).
    path(
        "questions-similaires/<int:forum_pk>/",
        suggestion_views.SimilarQuestionsView.as_view(),
        name="similar_questions",
    ),
    path(
        "questions-similaires/ouvrir/<int:topic_pk>/",
        suggestion_views.OpenSuggestionView.as_view(),
        name="open_suggestion",
    ),
    path("feeds/topics/", LatestTopicsFeed(), name="latest_topics_feed"),
    path("feeds/rubrique/<int:forum_pk>/", LatestTopicsFeed(), name="rubric_topics_feed"),
    path("thematiques/<slug:slug>/", conversation_views.ThemeView.as_view(), name="theme"),
    path("signaler/<int:post_pk>/", moderation_views.ReportPostView.as_view(), name="report_post"),
    path(
        "moderation/signalements/",
        moderation_views.ReportQueueView.as_view(),
        name="report_queue",
    ),
    path(
        "moderation/signalements/<int:pk>/",
        moderation_views.ReportActionView.as_view(),
        name="report_action",
    ),
    path(
        "moderation/inscriptions/",
        moderation_views.MemberQueueView.as_view(),
        name="member_queue",
    ),
    path(
        "moderation/inscriptions/<int:pk>/",
        moderation_views.MemberDecisionView.as_view(),
        name="member_decision",
    ),
    path(
        "moderation/inscriptions/<int:pk>/retablir/",
        moderation_views.MemberReinstateView.as_view(),
        name="member_reinstate",
    ),
    path(
        "moderation/messages/<int:post_pk>/reafficher/",
        moderation_views.ShowHiddenPostView.as_view(),
        name="show_post",
    ),
    path("moderation/journal/", moderation_views.ModerationLogView.as_view(), name="log"),
    path(
        "mes-messages-refuses/",
        moderation_views.RefusedPostListView.as_view(),
        name="refused_posts",
    ),
]
