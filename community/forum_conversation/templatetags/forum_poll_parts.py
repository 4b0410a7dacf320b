"""A topic's poll as its reader sees it: a member part of the topic page (the form to vote, or
the results, depend on the reader's vote and permissions), read in a few queries.

machina's template counted each option's votes with a query of its own and read every vote of
the poll to total them; here one query counts them all, and the poll with its counts is kept in the
shared cache under the version of its topic (each vote bumps it), as is whether the member voted
(:func:`community.forum_permission.handler.has_voted`): a page served from the members' cache
reads none of them again.
"""

from django import template
from django.db.models import Count
from machina.core.db.models import get_model
from machina.templatetags.forum_polls_tags import has_been_completed_by

from cms.performance.invalidation import topic_key
from cms.performance.shared import remember
from community.forum_permission.handler import has_voted

TopicPoll = get_model("forum_polls", "TopicPoll")
TopicPollOption = get_model("forum_polls", "TopicPollOption")

register = template.Library()


def _poll(poll_pk):
    """The poll, its options (each with its ``vote_count`` and ``share``) and its votes, or None."""
    poll = TopicPoll.objects.select_related("topic__forum", "topic__first_post")
    poll = poll.filter(pk=poll_pk).first()
    if poll is None:
        return None
    options = list(
        TopicPollOption.objects.filter(poll=poll).annotate(vote_count=Count("votes")).order_by("pk")
    )
    votes = sum(option.vote_count for option in options)
    for option in options:
        option.share = option.vote_count / (votes or 1) * 100
    return poll, options, votes


@register.simple_tag(takes_context=True)
def reader_poll(context, poll_pk, topic_pk):
    """The poll ``poll_pk`` of the topic ``topic_pk`` for the request's reader: ``poll``,
    ``options`` (each with its ``vote_count`` and ``share`` in percent), ``votes`` (total),
    ``completed`` (the reader voted), ``can_vote``, ``show_results`` (results are not hidden, or
    the reader may edit the topic)."""
    request, user = context["request"], context["user"]
    found = remember(f"poll:{poll_pk}", lambda: _poll(poll_pk), keys=(topic_key(topic_pk),))
    if found is None:
        return None
    poll, options, votes = found
    handler = request.forum_permission_handler
    voted = has_voted if user.is_authenticated else has_been_completed_by
    return {
        "poll": poll,
        "options": options,
        "votes": votes,
        "completed": voted(poll, user),
        "can_vote": handler.can_vote_in_poll(poll, user),
        "show_results": not poll.hide_results or handler.can_edit_post(poll.topic.first_post, user),
    }
