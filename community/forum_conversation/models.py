"""Topics and posts of the forum: machina's abstract models, concrete in the project.

Keeping the concrete models here lets later features add fields with ordinary migrations.
"""

from machina.apps.forum_conversation.abstract_models import AbstractPost, AbstractTopic


class Topic(AbstractTopic):
    pass


class Post(AbstractPost):
    pass
