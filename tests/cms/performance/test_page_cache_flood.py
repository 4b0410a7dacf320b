"""Nobody can fill the page caches with addresses of their own making.

The caches are on as in production (tests/cms/performance/page_cache_support.py). A page is
kept under the query parameters its view reads, normalised, and rendered from those only; at most
``COMCEP_PAGE_CACHE_VARIANTS`` addresses with a query are kept per page and version. Each test
counts the keys the caches hold (the pages' cache and the default cache, which holds the template
fragments) rather than trusting a header.
"""

import secrets
import time

import pytest
from django.core.cache import caches
from django.test import Client, override_settings

from cms.performance import invalidation, membercache, pagecache
from tests.cms.performance.page_cache_support import page_cache_settings
from tests.community.helpers import topic_url
from tests.conftest import text_of

PAGE_CACHE = page_cache_settings("comcep-test-flood-pages")
# One render of the catalogue stores its page, its listing fragment and what every page shares
# (site, navigation, filter choices and their markup, version numbers…): this many keys at most.
KEYS_OF_ONE_RENDER = 30


@pytest.fixture(autouse=True)
def page_cache():
    with PAGE_CACHE:
        caches["pages"].clear()
        caches["default"].clear()
        yield
        caches["pages"].clear()


def live_keys():
    """Every unexpired key of the pages' cache and of the default cache (template fragments)."""
    now = time.time()
    return {
        (alias, key)
        for alias in ("pages", "default")
        for key, expiry in caches[alias]._expire_info.items()
        if expiry is None or expiry > now
    }


def kept(keys, prefix):
    return {key for _alias, key in keys if key.split(":", 2)[-1].startswith(prefix)}


def pages_kept(keys):
    return {
        key
        for key in kept(keys, "comcep:page:")
        if not key.endswith(invalidation.CONTENT) and ":variants:" not in key
    }


def anonymous_get(url):
    response = Client().get(url)
    assert response.status_code == 200, url
    return response


@pytest.fixture
def offers(make_offer):
    make_offer("Atelier CV et entretien", is_national=True, kind="service")
    make_offer("Aide au permis de conduire", is_national=True, kind="funding", funder="La Région")
    return "/offres/"


def test_a_thousand_unknown_parameters_add_what_one_page_adds(offers):
    anonymous_get(offers)
    one_render = live_keys()
    assert len(one_render) <= KEYS_OF_ONE_RENDER
    clean = anonymous_get(offers).content
    caches["pages"].clear()
    caches["default"].clear()

    served = []
    for _ in range(1000):
        response = anonymous_get(f"{offers}?utm_source={secrets.token_hex(8)}")
        served.append(response[pagecache.HEADER])
    added = live_keys()

    # As many keys as one visit to /offres/, however many addresses were invented.
    assert len(added) == len(one_render) <= KEYS_OF_ONE_RENDER
    assert len(pages_kept(added)) == 1
    # One render; the 999 others from the cache, the very page of the address without a query.
    assert served.count("miss") == 1 and served.count("hit") == 999
    assert response.content == clean
    assert "utm_source" not in response.content.decode()


def test_random_values_of_a_known_parameter_are_kept_up_to_the_cap(offers):
    cap = 25
    with override_settings(COMCEP_PAGE_CACHE_VARIANTS=cap):
        for index in range(100):
            words = f"mot{secrets.token_hex(6)}"
            response = anonymous_get(f"{offers}?q={words}&utm_campaign={index}")
            # Rendered for what was asked, kept or not.
            assert f'value="{words}"' in response.content.decode()
            assert (pagecache.HEADER in response) == (index < cap)
        added = live_keys()
        assert len(pages_kept(added)) == cap
        assert len(kept(added, 'template.cache."listing".')) == cap
        assert len(added) <= 2 * cap + KEYS_OF_ONE_RENDER

        # The address without a query is kept all the same.
        assert anonymous_get(offers)[pagecache.HEADER] == "miss"
        assert anonymous_get(offers)[pagecache.HEADER] == "hit"


def test_one_entry_for_every_spelling_of_the_same_filters(offers):
    first = anonymous_get(f"{offers}?kind=funding&audience=&q=&sort=recent")
    assert first[pagecache.HEADER] == "miss"
    text = text_of(first.content.decode())
    assert "Aide au permis de conduire" in text and "Atelier CV et entretien" not in text

    for same in (
        f"{offers}?sort=recent&kind=funding",
        f"{offers}?kind=funding&sort=recent&sort=recent&theme=&fbclid=abc",
    ):
        again = anonymous_get(same)
        assert again[pagecache.HEADER] == "hit"
        assert again.content == first.content
    # Another value of a filter is another page.
    other = anonymous_get(f"{offers}?kind=service&sort=recent")
    assert other[pagecache.HEADER] == "miss"
    assert "Atelier CV et entretien" in text_of(other.content.decode())


def test_an_unknown_value_of_a_filter_is_reported_to_those_who_sent_it_only(offers):
    anonymous_get(offers)
    for _ in range(2):
        wrong = anonymous_get(f"{offers}?kind=inconnu")
        assert "ignoré" in text_of(wrong.content.decode())
    clean = anonymous_get(f"{offers}?utm_medium=mail")
    assert clean[pagecache.HEADER] == "hit"
    assert "ignoré" not in text_of(clean.content.decode())


def test_forum_lists_keep_their_filters_and_drop_the_rest(make_topic, counsellor):
    make_topic(counsellor, subject="Un sujet sans réponse")
    url = "/forum/sujets/"
    plain = anonymous_get(url)
    tagged = anonymous_get(f"{url}?utm_source=lettre")
    assert tagged[pagecache.HEADER] == "hit"
    # The page rendered without a query has no "Show all topics" link: neither has this one.
    assert tagged.content == plain.content

    unanswered = anonymous_get(f"{url}?filtre=sans-reponse&utm_source=lettre")
    assert unanswered[pagecache.HEADER] == "miss"
    assert unanswered.content != plain.content
    assert anonymous_get(f"{url}?filtre=sans-reponse")[pagecache.HEADER] == "hit"

    # A value the filter does not know changes the page (a warning): it is part of the key, so
    # the warning is shown to whoever sends that value, and to nobody else.
    value = secrets.token_hex(4)
    for header in ("miss", "hit"):
        wrong = anonymous_get(f"{url}?filtre={value}&utm_source=lettre")
        assert wrong[pagecache.HEADER] == header
        assert "ignorée" in text_of(wrong.content.decode())
    assert "ignorée" not in text_of(anonymous_get(url).content.decode())


def test_a_topic_keeps_its_page_number(make_topic, counsellor):
    topic = make_topic(counsellor, subject="Délais de la VAE")
    url = topic_url(topic)
    anonymous_get(url)
    assert anonymous_get(f"{url}?gclid=1")[pagecache.HEADER] == "hit"
    assert anonymous_get(f"{url}?page=1")[pagecache.HEADER] == "miss"


def test_the_api_still_refuses_what_it_does_not_know(offers):
    url = "/api/v2/offers/"
    assert anonymous_get(f"{url}?kind=funding&limit=5")[pagecache.HEADER] == "miss"
    assert anonymous_get(f"{url}?limit=5&kind=funding")[pagecache.HEADER] == "hit"
    before = live_keys()
    for parameter in ("utm_source=x", "type=wagtailcore.Page"):
        refused = Client().get(f"{url}?kind=funding&{parameter}")
        assert refused.status_code == 400
        assert pagecache.HEADER not in refused
    assert live_keys() == before


def test_a_view_that_does_not_say_what_it_reads_is_kept_only_without_a_query(portal):
    url = "/actualites/rss/"
    assert anonymous_get(url)[pagecache.HEADER] == "miss"
    before = live_keys()
    for _ in range(20):
        response = anonymous_get(f"{url}?utm_source={secrets.token_hex(4)}")
        assert pagecache.HEADER not in response
    assert live_keys() == before


def test_members_pages_are_kept_under_the_same_rule(client, offers, counsellor):
    client.force_login(counsellor)
    assert client.get(offers)[membercache.HEADER] == "miss"
    tagged = client.get(f"{offers}?utm_source=lettre&q=")
    assert tagged[membercache.HEADER] == "hit"
    assert counsellor.display_name in text_of(tagged.content.decode())

    cap = 5
    with override_settings(COMCEP_PAGE_CACHE_VARIANTS=cap):
        before = live_keys()
        headers = [
            client.get(f"{offers}?page={secrets.randbelow(10**9)}").get(membercache.HEADER)
            for _ in range(15)
        ]
        added = live_keys() - before
    assert headers == ["miss"] * cap + [None] * (15 - cap)
    assert len(kept(added, "comcep:member-page:")) == cap


def test_the_home_page_keeps_one_offers_fragment_for_every_unknown_region(offers):
    cap = 5
    with override_settings(COMCEP_PAGE_CACHE_VARIANTS=cap):
        for _ in range(20):
            anonymous_get(f"/?region={secrets.token_hex(6)}")
        anonymous_get("/?region=bretagne")
        keys = live_keys()
    assert len(pages_kept(keys)) == cap
    # The unknown regions share the fragment of the page without a region; Bretagne has its own.
    assert len(kept(keys, 'template.cache."home-offers".')) == 2


def test_a_members_rubric_links_are_kept_under_the_same_rule(client, make_topic, counsellor):
    """The rubric's "my topics" and "what I follow" links, kept per reader and address, are kept
    for the address without a query and up to the cap of variants, never for more."""
    topic = make_topic(counsellor, subject="Financer un bilan de compétences")
    rubric = f"/forum/forum/{topic.forum.slug}-{topic.forum.pk}/"
    client.force_login(counsellor)
    assert client.get(rubric).status_code == 200
    assert len(kept(live_keys(), "comcep:shared:rubric-scopes:")) == 1

    cap = 5
    with override_settings(COMCEP_PAGE_CACHE_VARIANTS=cap):
        before = live_keys()
        for _ in range(15):
            response = client.get(f"{rubric}?page=1&utm_source={secrets.token_hex(4)}")
            assert response.status_code == 200
            assert "Mes sujets" in text_of(response.content.decode())
        # A filter value of anyone's making (the page warns that it is ignored).
        for _ in range(15):
            response = client.get(f"{rubric}?filtre={secrets.token_hex(4)}")
            assert response.status_code == 200
            assert "Mes sujets" in text_of(response.content.decode())
        added = live_keys() - before
    assert 1 <= len(kept(added, "comcep:shared:rubric-scopes:")) <= cap
