"""machina's attachment download view (machina loads this module before its own).

Only the attachments of posts the reader may read (``Post.objects.visible_to``: not pending, not
hidden, not in a rubric they cannot read) exist here; then machina's ``can_download_files`` on the
post's forum, *and* the right to read it, are checked; the response is
always a download, under the original name, with a content type from the allow-list, ``nosniff``
and a sandboxing Content-Security-Policy, so that no attachment can run on the site's origin.
"""

from django.http import FileResponse
from machina.apps.forum_conversation.forum_attachments.views import (
    AttachmentView as MachinaAttachmentView,
)
from machina.core.db.models import get_model

from community.forum_conversation.selectors import visible_posts
from community.forum_conversation.views import AnonymousLoginMixin

from .files import ALLOWED_TYPES, normalised_extension

FALLBACK_CONTENT_TYPE = "application/octet-stream"
Attachment = get_model("forum_attachments", "Attachment")


class AttachmentView(AnonymousLoginMixin, MachinaAttachmentView):
    def get_queryset(self):
        return Attachment.objects.filter(post__in=visible_posts(self.request)).select_related(
            "post__topic__forum"
        )

    def render_to_response(self, context, **response_kwargs):
        attachment = self.object
        allowed = ALLOWED_TYPES.get(normalised_extension(attachment.file.name))
        response = FileResponse(
            attachment.file.open("rb"),
            as_attachment=True,
            filename=attachment.filename,
            content_type=allowed.content_type if allowed else FALLBACK_CONTENT_TYPE,
        )
        response["X-Content-Type-Options"] = "nosniff"
        response["Content-Security-Policy"] = "default-src 'none'; sandbox"
        response["Cache-Control"] = "private, no-store"
        return response

    def perform_permissions_check(self, user, obj, perms):
        handler = self.request.forum_permission_handler
        return handler.can_read_forum(obj, user) and handler.can_download_files(obj, user)
