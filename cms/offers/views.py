from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.models import Page

from cms.listing import visible_pages

from .models import OfferPage, OfferRecheck, PageFollow, can_follow_pages


class StaleOffersReportView(WagtailAdminTemplateMixin, TemplateView):
    """Admin report "Contenus à vérifier": stale offers, grouped by the editor responsible."""

    page_title = _("Content to verify")
    header_icon = "warning"
    template_name = "offers/admin/stale_offers_report.html"

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["stale_offers"] = (
            OfferPage.objects.live()
            .to_verify()
            .select_related("owner_editor")
            .prefetch_related(
                Prefetch(
                    "rechecks",
                    queryset=OfferRecheck.objects.pending()
                    .select_related("news")
                    .order_by("-created_at"),
                    to_attr="pending_flags",
                )
            )
            .order_by(
                "owner_editor__last_name",
                "owner_editor__first_name",
                "owner_editor_id",
                "verified_on",
            )
        )
        return context


@require_POST
def follow_page(request, page_id):
    """ "Suivre cette fiche" / "Ne plus suivre cette fiche": a live public page, for signed-in
    approved members (``follow=1`` to follow, anything else to stop)."""
    page = get_object_or_404(visible_pages(Page.objects.all()), pk=page_id)
    if not request.user.is_authenticated:
        return redirect_to_login(page.url)
    if not can_follow_pages(request.user):
        raise PermissionDenied
    if request.POST.get("follow") == "1":
        PageFollow.objects.get_or_create(user=request.user, page=page)
        messages.success(
            request, gettext("You follow this page: you will be told by e-mail when it is updated.")
        )
    else:
        PageFollow.objects.filter(user=request.user, page=page).delete()
        messages.success(request, gettext("You no longer follow this page."))
    return redirect(page.url)
