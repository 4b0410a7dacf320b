"""machina's forum permission middleware, without a session for anonymous readers.

machina gives every anonymous visitor a random "forum key" and stores it in the session, so that
posts and poll votes of an anonymous visitor can be recognised as theirs later. Doing so on every
request wrote a session row (and set a ``sessionid`` cookie) for each cookie-less reader of any
page. A reader who has never written anything owns no post and no vote: the key is only created
when an anonymous visitor sends a form (an unsafe method); a key already in the session is reused.
"""

from machina.apps.forum_permission.middleware import (
    ForumPermissionMiddleware as MachinaForumPermissionMiddleware,
)
from machina.core.loading import get_class

PermissionHandler = get_class("forum_permission.handler", "PermissionHandler")

SAFE_METHODS = {"GET", "HEAD", "OPTIONS", "TRACE"}


class ForumPermissionMiddleware(MachinaForumPermissionMiddleware):
    def process_request(self, request):
        if not request.user.is_authenticated:
            session_key = self.anonymous_forum_key_session_id
            forum_key = request.session.get(session_key)
            if forum_key is None and request.method not in SAFE_METHODS:
                forum_key = self.get_anonymous_forum_key()
                request.session[session_key] = forum_key
            # machina treats a missing key as "owns nothing, has voted in no poll".
            request.user.forum_key = forum_key
        request.forum_permission_handler = PermissionHandler()
