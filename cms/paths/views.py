"""The member's side of paths: start one, mark a step done or not, "Mes parcours"."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.generic import TemplateView, View

from . import progress
from .models import PathIndexPage, PathPage, PathStep


class MemberOnlyMixin:
    """Signed-in approved members; the others are sent to sign in (anonymous) or refused (403)."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not progress.may_follow(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


def readable_paths():
    return PathPage.objects.visible()


class StartView(MemberOnlyMixin, View):
    http_method_names = ["post"]

    def post(self, request, pk):
        path = get_object_or_404(readable_paths(), pk=pk)
        progress.start(request.user, path)
        messages.success(request, _("Path started: mark each step done as you go."))
        return redirect(path.get_url(request))


class StepView(MemberOnlyMixin, View):
    """POST ``done`` (``1`` or ``0``): a step of a live path whose piece the member may read."""

    http_method_names = ["post"]

    def post(self, request, pk):
        step = get_object_or_404(
            PathStep.objects.select_related("path").filter(path__in=readable_paths()), pk=pk
        )
        if not progress.step_is_readable(request, step):
            raise Http404
        done = request.POST.get("done") != "0"
        progress.mark(request.user, step, done)
        if done:
            messages.success(request, _("Step marked as done."))
        else:
            messages.success(request, _("Step marked as not done."))
        return redirect(f"{step.path.get_url(request)}#etape-{step.pk}")


class MyPathsView(MemberOnlyMixin, TemplateView):
    template_name = "paths/my_paths.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            followed=progress.my_paths(self.request.user),
            paths_index=PathIndexPage.objects.live().first(),
            **kwargs,
        )
