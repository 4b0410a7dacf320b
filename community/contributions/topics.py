"""What a topic page shows of the catalogue: cards for the portal pages its posts link to, the
fiche its validated answer became, and the "Transformer en fiche" action."""

from cms.questions.models import QuestionAnswerPage
from cms.security import allow_player

from .links import cards_for_posts
from .permissions import can_make_fiche


def topic_context(request, topic, posts):
    """Context for the topic page; ``posts`` is the page of posts shown (evaluated once here)."""
    posts = list(posts)
    cards = cards_for_posts(posts)
    fiche = None
    can_convert = False
    if topic.validated_post_id:
        fiche = QuestionAnswerPage.objects.visible().filter(topic_id=topic.pk).first()
        can_convert = fiche is None and can_make_fiche(request, topic)
    players = [
        card.page.player
        for found in cards.values()
        for card in found
        if card.is_video and card.seconds is not None
    ]
    return {
        "posts": posts,
        "portal_cards": cards,
        "portal_players": players,
        "topic_fiche": fiche,
        "can_make_fiche": can_convert,
    }


def allow_players(response, players):
    for player in players:
        allow_player(response, player)
    return response
