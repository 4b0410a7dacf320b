"""Events of the forum that other parts of the community react to (notifications, statistics)."""

from django.dispatch import Signal

# Sent when the author or a moderator marks a reply as the validated answer of a topic.
# Arguments: topic, post, user (who validated).
answer_validated = Signal()
