"""The member's side of bookmarks: save or remove one, "Mes favoris", a note on each."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.generic import TemplateView, View

from . import services
from .forms import NoteForm
from .models import Bookmark


class MemberOnlyMixin:
    """Signed-in approved members; the others are sent to sign in (anonymous) or refused (403)."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not services.may_bookmark(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


def _next(request, fallback):
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return fallback


class ToggleView(MemberOnlyMixin, View):
    """POST ``kind``, ``pk`` and ``action`` (``save`` or ``remove``): the target must be one the
    member may read (else 404)."""

    http_method_names = ["post"]

    def post(self, request):
        kind = request.POST.get("kind", "")
        try:
            pk = int(request.POST.get("pk", ""))
        except ValueError:
            raise Http404 from None
        if kind not in Bookmark.Kind.values:
            raise Http404
        if request.POST.get("action") == "remove":
            services.remove(request.user, kind, pk)
            messages.success(request, _("Removed from your bookmarks."))
            return redirect(_next(request, "bookmarks:list"))
        target = services.find_target(request, kind, pk)
        if target is None:
            raise Http404
        services.save(request.user, kind, target)
        messages.success(request, _("Saved in your bookmarks."))
        return redirect(_next(request, "bookmarks:list"))


class BookmarkListView(MemberOnlyMixin, TemplateView):
    template_name = "bookmarks/bookmark_list.html"

    def get_context_data(self, **kwargs):
        groups = services.my_bookmarks(self.request)
        return super().get_context_data(
            groups=groups, note_length=NoteForm.base_fields["note"].max_length, **kwargs
        )


class NoteView(MemberOnlyMixin, View):
    """The member's note on one of their bookmarks (another member's answers 404)."""

    http_method_names = ["post"]

    def post(self, request, pk):
        bookmark = get_object_or_404(Bookmark, pk=pk, user=request.user)
        form = NoteForm(request.POST, instance=bookmark)
        if form.is_valid():
            form.save()
            messages.success(request, _("Your note has been saved."))
        else:
            messages.error(request, " ".join(form.errors.get("note", [])))
        return redirect(f"{redirect('bookmarks:list').url}#favori-{bookmark.pk}")


class DeleteView(MemberOnlyMixin, View):
    http_method_names = ["post"]

    def post(self, request, pk):
        get_object_or_404(Bookmark, pk=pk, user=request.user).delete()
        messages.success(request, _("Removed from your bookmarks."))
        return redirect("bookmarks:list")
