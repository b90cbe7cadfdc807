"""“Isso ajudou?” (one answer per reader, changeable, a comment after “Não”, POST only,
rate-limited) and “Isso resolveu meu problema” (a chamado avoided, counted for staff)."""

import pytest
from django.urls import reverse

from kb.models import Deflection, Feedback
from tests.kb.factories import ArticleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def article():
    return ArticleFactory(title="Emissão de boletos")


def vote(client, article, helpful, comment=""):
    return client.post(reverse("kb:feedback", args=[article.slug]), {"helpful": helpful, "comment": comment})


def test_visitor_votes_once_per_session_and_can_change(client, article):
    assert vote(client, article, "yes").status_code == 302
    vote(client, article, "yes")
    vote(client, article, "no")

    feedback = Feedback.objects.get()
    assert (feedback.helpful, feedback.user) == (False, None)
    assert feedback.session_key


def test_two_visitors_are_two_answers(client, article):
    from django.test import Client

    vote(client, article, "yes")
    vote(Client(), article, "no")
    assert Feedback.objects.count() == 2


def test_customer_votes_once_across_sessions(client, customer, article):
    client.force_login(customer)
    vote(client, article, "no")
    client.logout()
    client.force_login(customer)
    vote(client, article, "yes")

    feedback = Feedback.objects.get()
    assert (feedback.user, feedback.helpful) == (customer, True)


def test_no_asks_for_an_optional_comment(customer_client, article):
    vote(customer_client, article, "no")
    page = customer_client.get(article.get_absolute_url()).content.decode()
    assert 'name="comment"' in page
    assert "Você respondeu “Não”" in page

    vote(customer_client, article, "no", comment="Faltou falar do banco Inter.")
    assert Feedback.objects.get().comment == "Faltou falar do banco Inter."
    vote(customer_client, article, "no")  # answering again keeps the comment
    assert Feedback.objects.get().comment == "Faltou falar do banco Inter."
    vote(customer_client, article, "yes")  # "Sim" drops the complaint
    assert Feedback.objects.get().comment == ""


def test_feedback_is_post_only_and_needs_csrf(article):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    assert client.get(reverse("kb:feedback", args=[article.slug])).status_code == 405
    assert vote(client, article, "yes").status_code == 403
    assert not Feedback.objects.exists()


def test_bad_answer_changes_nothing(client, article):
    response = vote(client, article, "maybe")
    assert response.status_code == 302
    assert not Feedback.objects.exists()


def test_feedback_is_rate_limited(client, article):
    for _ in range(20):
        vote(client, article, "yes")
    response = client.post(
        reverse("kb:feedback", args=[article.slug]), {"helpful": "no", "comment": "spam"}, follow=True
    )
    assert "Muitas respostas" in response.content.decode() or "Too many answers" in response.content.decode()
    assert Feedback.objects.get().helpful is True


def test_customer_records_a_deflection(customer_client, customer, article):
    response = customer_client.post(
        reverse("kb:deflect", args=[article.slug]), {"query": "erro ao emitir boleto"}, follow=True
    )

    assert response.redirect_chain[-1][0] == article.get_absolute_url()
    assert "Nenhum chamado foi aberto" in response.content.decode()
    deflection = Deflection.objects.get()
    assert (deflection.article, deflection.user, deflection.query) == (
        article,
        customer,
        "erro ao emitir boleto",
    )
    assert not customer.tickets.exists()


def test_a_second_click_counts_once(customer_client, article):
    url = reverse("kb:deflect", args=[article.slug])
    customer_client.post(url, {"query": "boleto"})
    customer_client.post(url, {"query": "boleto"})
    assert Deflection.objects.count() == 1


def test_deflection_needs_login_and_post(customer_client, article):
    from django.test import Client

    url = reverse("kb:deflect", args=[article.slug])
    assert Client().post(url).status_code == 302
    assert customer_client.get(url).status_code == 405
    assert not Deflection.objects.exists()


def test_suggestions_offer_the_deflection_button_to_customers_only(customer_client, article):
    from django.test import Client

    url = f"{reverse('kb:suggestions')}?q=boleto"
    assert "Isso resolveu meu problema" in customer_client.get(url).content.decode()
    visitor = Client().get(url).content.decode()
    assert article.title in visitor and "Isso resolveu meu problema" not in visitor
    assert 'target="_blank"' in visitor


def test_suggestions_are_at_most_five(customer_client):
    for n in range(8):
        ArticleFactory(title=f"Boleto caso {n}")
    html = customer_client.get(f"{reverse('kb:suggestions')}?q=boleto").content.decode()
    assert html.count('target="_blank"') == 5


def test_staff_see_counts_per_article_in_the_admin(staff_client, customer, article):
    Deflection.objects.create(article=article, user=customer, query="boleto")
    Feedback.objects.create(article=article, user=customer, helpful=False, comment="Faltou exemplo")
    Feedback.objects.create(article=article, session_key="abc", helpful=True)

    changelist = staff_client.get(reverse("admin:kb_article_changelist")).content.decode()
    change = staff_client.get(reverse("admin:kb_article_change", args=[article.pk])).content.decode()

    assert "50% (1/2)" in changelist
    assert "Faltou exemplo" in change
    deflections = staff_client.get(reverse("admin:kb_deflection_changelist")).content.decode()
    assert "boleto" in deflections and "1 chamado evitado" in deflections
