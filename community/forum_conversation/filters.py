"""Topic lists filtered by theme, rubric, state ("Sans réponse", "Résolus"…) and scope ("Mes
sujets", "Ce que je suis") with django-filter; every value is a GET parameter (shareable URLs).

``TopicFilter.view_counts()`` counts the topics of every state and scope, with the other filters
applied, in one query.
"""

import hashlib
from datetime import timedelta

import django_filters
from django.core.exceptions import EmptyResultSet
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from machina.core.db.models import get_model

from cms.performance.choices import CachedChoicesMixin
from cms.performance.invalidation import CONTENT, FORUM
from cms.performance.paging import rows_sql
from cms.performance.shared import remember
from cms.taxonomies.models import Theme
from community.notifications.signals import followed_ids, follows_version

Forum = get_model("forum", "Forum")
Topic = get_model("forum_conversation", "Topic")

# "Récents": the topics started during the last days.
RECENT_DAYS = 7

STATES = {
    "sans-reponse": _("Unanswered topics"),
    "non-resolus": _("Unresolved topics"),
    "resolus": _("Resolved topics"),
    "recents": _("Recent topics"),
}
SCOPES = {
    "mes-sujets": _("My topics"),
    "suivis": _("What I follow"),
}


def state_condition(state):
    """A Q object selecting the topics in ``state`` (a key of ``STATES``)."""
    if state == "sans-reponse":
        return Q(first_reply_at__isnull=True)
    if state == "non-resolus":
        return Q(validated_post__isnull=True)
    if state == "resolus":
        return Q(validated_post__isnull=False)
    if state == "recents":
        return Q(created__gte=timezone.now() - timedelta(days=RECENT_DAYS))
    return Q()


def followed_condition(user, topics=True):
    """Topics ``user`` follows (unless ``topics`` is false), or in a rubric or theme they follow."""
    follows = followed_ids(user)
    condition = Q(forum__in=follows["forum"])
    if follows["theme"]:
        in_themes = Topic.themes.through.objects.filter(theme__in=follows["theme"])
        condition |= Q(pk__in=in_themes.values("topic"))
    if topics:
        condition |= Q(pk__in=follows["topic"])
    # Nothing followed: a condition that matches nothing, answered without a query.
    return condition


def scope_condition(scope, user):
    if not user.is_authenticated:
        return Q()
    if scope == "mes-sujets":
        return Q(poster=user)
    if scope == "suivis":
        return followed_condition(user)
    return Q()


class TopicFilter(CachedChoicesMixin, django_filters.FilterSet):
    theme = django_filters.ModelChoiceFilter(
        label=_("Theme"),
        queryset=Theme.objects.order_by("sort_order", "name"),
        to_field_name="slug",
        empty_label=_("All themes"),
        method="filter_theme",
    )
    rubrique = django_filters.ModelChoiceFilter(
        label=_("Rubric"),
        field_name="forum",
        queryset=Forum.objects.none(),
        empty_label=_("All rubrics"),
    )
    filtre = django_filters.ChoiceFilter(
        label=_("Show"),
        choices=list(STATES.items()),
        empty_label=_("All topics"),
        method="filter_state",
    )
    parmi = django_filters.ChoiceFilter(
        label=_("Among"),
        choices=list(SCOPES.items()),
        empty_label=_("Every member's topics"),
        method="filter_scope",
    )

    def __init__(
        self, *args, readable_forums=(), with_rubric=True, with_theme=True, user=None, **kwargs
    ):
        super().__init__(*args, **kwargs)
        self.user = user
        if with_rubric:
            self.filters["rubrique"].queryset = Forum.objects.filter(
                pk__in=[forum.pk for forum in readable_forums if forum.is_forum]
            ).order_by("tree_id", "lft")
        else:
            del self.filters["rubrique"]
        if not with_theme:
            del self.filters["theme"]
        if user is None or not user.is_authenticated:
            del self.filters["parmi"]

    def filter_theme(self, queryset, name, value):
        # A subquery rather than a join: no duplicate rows, hence no DISTINCT, and counts stay one
        # aggregate query.
        if not value:
            return queryset
        return queryset.filter(
            pk__in=Topic.themes.through.objects.filter(theme=value).values("topic")
        )

    def filter_state(self, queryset, name, value):
        queryset = queryset.filter(state_condition(value))
        if value in ("sans-reponse", "recents"):
            queryset = queryset.order_by("-type", "-created")
        return queryset

    def filter_scope(self, queryset, name, value):
        return queryset.filter(scope_condition(value, self.user))

    def cleaned_value(self, name):
        if name not in self.filters or not self.is_bound:
            return None
        self.errors  # noqa: B018  (validates the form)
        return self.form.cleaned_data.get(name) or None

    def view_counts(self):
        """{value: number of topics} for every state and scope, the other filters applied.

        A state is counted within the chosen scope and a scope within the chosen state.
        """
        queryset = self.queryset
        for name in ("theme", "rubrique"):
            value = self.cleaned_value(name)
            if value:
                queryset = self.filters[name].filter(queryset, value)
        state, scope = self.cleaned_value("filtre"), self.cleaned_value("parmi")
        in_state, in_scope = state_condition(state), scope_condition(scope, self.user)
        counts = {
            "all-states": Count("pk", filter=in_scope),
            "all-scopes": Count("pk", filter=in_state),
        }
        for value in STATES:
            counts[value] = Count("pk", filter=state_condition(value) & in_scope)
        if "parmi" in self.filters:
            for value in SCOPES:
                counts[value] = Count("pk", filter=scope_condition(value, self.user) & in_state)
        # Counting a rubric of 20,000 topics takes milliseconds: the counts are kept per version
        # of public content (any post changes it) and per hour ("recent" topics age), under a key
        # naming the topics counted (the reader's visibility included) and the reader.
        try:
            topics = rows_sql(queryset)
        except EmptyResultSet:
            topics = "none"
        reader = f"{getattr(self.user, 'pk', None)}:{follows_version(self.user)}"
        scope_key = f"{topics}|{state}|{scope}|{reader}|{'parmi' in self.filters}"
        key = hashlib.sha256(f"{scope_key}|{timezone.now():%Y-%m-%d %H}".encode()).hexdigest()
        return remember(
            f"topic-counts:{key}",
            lambda: queryset.order_by().aggregate(**counts),
            keys=(CONTENT, FORUM),
        )
