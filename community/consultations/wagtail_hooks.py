"""The consultations in the Wagtail admin: their results (charts, tables, CSV), and the
"you said, we did" entries, created in one click from a feedback item or a question's results."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel
from wagtail.admin.views.generic import CreateView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import Button
from wagtail.admin.widgets.button import ListingButton
from wagtail.permission_policies import ModelPermissionPolicy

from community.pilot.models import Feedback, Proposal

from .models import ConsultationPage, YouSaidEntry
from .views import ConsultationListView, ConsultationResultsView, can_read_results


class ResultsMenuItem(MenuItem):
    def is_shown(self, request):
        return can_read_results(request.user)


@hooks.register("register_admin_urls")
def register_results_urls():
    urls = [
        path("", ConsultationListView.as_view(), name="index"),
        path("<int:page_id>/resultats/", ConsultationResultsView.as_view(), name="results"),
    ]
    return [path("consultations/", include((urls, "consultations_admin")))]


@hooks.register("register_admin_menu_item")
def register_results_menu_item():
    return ResultsMenuItem(
        _("Consultations"), reverse("consultations_admin:index"), icon_name="form", order=260
    )


@hooks.register("register_page_listing_buttons")
def results_button(page, user, next_url=None):
    if isinstance(page.specific_deferred, ConsultationPage) and can_read_results(user):
        yield ListingButton(
            _("Results"),
            reverse("consultations_admin:results", args=[page.pk]),
            priority=60,
        )


class YouSaidPermissionPolicy(ModelPermissionPolicy):
    """Those who read what members say (moderators, editors) write what was done with it."""

    def user_has_permission(self, user, action):
        return can_read_results(user)


class YouSaidCreateView(CreateView):
    """Pre-filled from ``?feedback=``, ``?consultation=&question=`` or ``?proposal=``."""

    def get_initial(self):
        initial = super().get_initial()
        query = self.request.GET
        feedback = _one(Feedback.objects.all(), query.get("feedback"))
        if feedback is not None:
            initial.update(feedback=feedback, description=feedback.comment[:2000])
        consultation = _one(ConsultationPage.objects.all(), query.get("consultation"))
        if consultation is not None:
            initial.update(consultation=consultation, question=query.get("question", "")[:255])
        proposal = _one(
            Proposal.objects.filter(status=Proposal.Status.ACCEPTED), query.get("proposal")
        )
        if proposal is not None:
            initial.update(proposal=proposal, title=proposal.name)
        return initial


def _one(queryset, pk):
    if not pk or not str(pk).isdigit() or int(pk) > 2**63 - 1:
        return None
    return queryset.filter(pk=int(pk)).first()


class YouSaidViewSet(ModelViewSet):
    model = YouSaidEntry
    icon = "tick-inverse"
    menu_label = _("You said, we did")
    menu_order = 265
    add_to_admin_menu = True
    url_prefix = "vous-avez-dit"
    permission_policy = YouSaidPermissionPolicy(YouSaidEntry)
    add_view_class = YouSaidCreateView
    list_display = ["title", "done_on", "feedback", "consultation", "question", "proposal"]
    list_filter = ["published"]
    search_fields = ["title", "description"]
    panels = [
        FieldPanel("title"),
        FieldPanel("description"),
        FieldPanel("done_on"),
        FieldPanel("published"),
        FieldPanel("feedback"),
        FieldPanel("consultation"),
        FieldPanel("question"),
        FieldPanel("proposal"),
    ]


you_said_viewset = YouSaidViewSet("you_said")


@hooks.register("register_admin_viewset")
def register_you_said_viewset():
    return you_said_viewset


def you_said_buttons(**source):
    """Header buttons of a feedback item (``feedback=``): the entries it led to, and a new one
    pre-filled from it."""
    ((name, item),) = source.items()
    entries = YouSaidEntry.objects.filter(**{name: item}).order_by("pk")
    buttons = [
        Button(
            _("Led to: %(title)s") % {"title": entry.title},
            url=reverse("you_said:edit", args=[entry.pk]),
            icon_name="tick-inverse",
            priority=10 + index,
        )
        for index, entry in enumerate(entries)
    ]
    buttons.append(
        Button(
            _("Create a “you said, we did” entry"),
            url=f"{reverse('you_said:add')}?{name}={item.pk}",
            icon_name="plus",
            priority=50,
        )
    )
    return buttons
