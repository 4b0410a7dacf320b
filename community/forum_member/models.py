"""Forum profiles of the members: machina's abstract model, concrete in the project."""

from machina.apps.forum_member.abstract_models import AbstractForumProfile


class ForumProfile(AbstractForumProfile):
    pass
