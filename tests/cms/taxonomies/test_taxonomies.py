import io

import pytest
from django.urls import reverse

from cms.taxonomies import demo
from cms.taxonomies.models import Audience, Operator, Region, Scheme, Theme


@pytest.mark.django_db
def test_reference_lists_are_seeded_once():
    demo.load(io.StringIO())
    assert Region.objects.count() == 18
    assert Region.objects.filter(is_overseas=True).count() == 5
    assert Operator.objects.count() == 5
    assert Scheme.objects.filter(slug__in=["cpf", "ptp", "vae", "pro-a"]).count() == 4
    before = [m.objects.count() for m in (Audience, Region, Operator, Theme, Scheme)]
    demo.load(io.StringIO())
    assert [m.objects.count() for m in (Audience, Region, Operator, Theme, Scheme)] == before


@pytest.mark.django_db
def test_slug_is_filled_from_the_name():
    assert Theme.objects.create(name="Publics très éloignés").slug == "publics-tres-eloignes"


def test_editor_finds_the_reference_lists_in_one_admin_menu(admin_client, portal):
    response = admin_client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 200
    html = response.content.decode()
    # The admin sidebar is rendered from JSON, where accents are escaped.
    assert "R\\u00e9f\\u00e9rentiels" in html
    listing = admin_client.get(reverse("wagtailsnippets_taxonomies_theme:list"))
    assert listing.status_code == 200
    assert "Thématiques" in listing.content.decode()
