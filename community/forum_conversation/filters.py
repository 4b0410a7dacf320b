"""Topic lists filtered by theme and rubric (django-filter)."""

import django_filters
from django.utils.translation import gettext_lazy as _
from machina.core.db.models import get_model

from cms.taxonomies.models import Theme

Forum = get_model("forum", "Forum")


class TopicFilter(django_filters.FilterSet):
    theme = django_filters.ModelChoiceFilter(
        label=_("Theme"),
        field_name="themes",
        to_field_name="slug",
        queryset=Theme.objects.order_by("sort_order", "name"),
        empty_label=_("All themes"),
    )
    rubrique = django_filters.ModelChoiceFilter(
        label=_("Rubric"),
        field_name="forum",
        queryset=Forum.objects.none(),
        empty_label=_("All rubrics"),
    )

    def __init__(self, *args, readable_forums=(), with_rubric=True, **kwargs):
        super().__init__(*args, **kwargs)
        if with_rubric:
            self.filters["rubrique"].queryset = Forum.objects.filter(
                pk__in=[forum.pk for forum in readable_forums if forum.is_forum]
            ).order_by("tree_id", "lft")
        else:
            del self.filters["rubrique"]
