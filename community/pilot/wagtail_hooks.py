"""The beta feedback inbox in the Wagtail admin: moderators and editors read, sort, answer and
export what members sent (see ``permissions.ensure_inbox_permissions``)."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel
from wagtail.admin.views.generic import EditView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy

from community.consultations.wagtail_hooks import you_said_buttons

from .models import Feedback
from .services import record_reply


class FeedbackPermissionPolicy(ModelPermissionPolicy):
    """Feedback is written by members on the site, never in the admin."""

    def user_has_permission(self, user, action):
        if action in ("add", "delete"):
            return False
        return super().user_has_permission(user, action)


class FeedbackEditView(EditView):
    @property
    def header_buttons(self):
        """The "you said, we did" entries this feedback led to, and one more in one click."""
        return you_said_buttons(feedback=self.object)

    def save_instance(self):
        replied = "reply" in self.form.changed_data and self.form.cleaned_data["reply"].strip()
        instance = super().save_instance()
        if replied:
            record_reply(instance, self.request.user)
        return instance


class FeedbackViewSet(ModelViewSet):
    model = Feedback
    icon = "comment"
    menu_label = _("Beta feedback")
    menu_order = 250
    add_to_admin_menu = True
    url_prefix = "avis-beta"
    permission_policy = FeedbackPermissionPolicy(Feedback)
    edit_view_class = FeedbackEditView
    list_display = ["created", "page_path", "rating", "comment", "operator", "status"]
    list_filter = ["status", "page_path", "operator", "rating"]
    search_fields = ["comment", "page_path"]
    list_export = [
        "created",
        "page_path",
        "rating",
        "comment",
        "operator",
        "status",
        "reply",
        "replied_at",
    ]
    export_filename = "avis-beta-comcep"
    panels = [
        FieldPanel("author", read_only=True),
        FieldPanel("operator", read_only=True),
        FieldPanel("page_path", read_only=True),
        FieldPanel("rating", read_only=True),
        FieldPanel("comment", read_only=True),
        FieldPanel("status"),
        FieldPanel("reply"),
    ]


feedback_viewset = FeedbackViewSet("beta_feedback")


@hooks.register("register_admin_viewset")
def register_feedback_viewset():
    return feedback_viewset
