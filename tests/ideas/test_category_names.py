"""Idea categories (Sistema ou área) have an optional English name: a customer reading in
English sees it in the list's filter, on the cards and on the idea's page; without one, or
reading in Portuguese, the Portuguese name."""

import pytest
from django.conf import settings
from django.urls import reverse

from .factories import CategoryFactory, IdeaFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "shown", "hidden"),
    [("en", "Sales system", "Sistema de vendas"), ("pt-br", "Sistema de vendas", "Sales system")],
)
def test_category_shows_in_the_readers_language(customer_client, language, shown, hidden):
    idea = IdeaFactory(category=CategoryFactory(name="Sistema de vendas", name_en="Sales system"))
    customer_client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    for url in (reverse("ideas:list"), idea.get_absolute_url()):
        html = customer_client.get(url).content.decode()
        assert shown in html and hidden not in html, url


def test_filter_falls_back_to_the_portuguese_name_and_sorts_by_what_is_shown(customer_client):
    apps = CategoryFactory(name="Aplicativo", name_en="Smartphone app")
    portal = CategoryFactory(name="Portal do cliente")
    IdeaFactory(category=apps)
    customer_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = customer_client.get(reverse("ideas:list")).content.decode()
    assert html.index(f'<option value="{apps.pk}">Smartphone app</option>') > html.index(
        f'<option value="{portal.pk}">Portal do cliente</option>'
    )
