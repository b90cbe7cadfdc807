"""Staff write articles in the admin: save keeps search in step, images are verified and
re-encoded, publish / mark reviewed actions, the server-rendered preview, history, analytics."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from kb.models import Article, ArticleImage, SearchTerm
from kb.search import search
from tests.kb.factories import ArticleFactory, CategoryFactory

pytestmark = pytest.mark.django_db


def png(size=(40, 30)):
    out = io.BytesIO()
    Image.new("RGB", size, (10, 120, 200)).save(out, format="PNG")
    return out.getvalue()


def article_form(category, **overrides):
    data = {
        "title": "Conciliação com OFX",
        "slug": "conciliacao-ofx",
        "category": category.pk,
        "summary": "Importe o extrato.",
        "body": "## Importar\n\nEscolha o arquivo OFX do banco.",
        "status": "draft",
        "visibility": "public",
        "order": 0,
        "translations-TOTAL_FORMS": 1,
        "translations-INITIAL_FORMS": 0,
        "translations-0-language": "en",
        "translations-0-title": "Bank reconciliation with OFX",
        "translations-0-summary": "",
        "translations-0-body": "## Import\n\nPick the bank's OFX file.",
        "images-TOTAL_FORMS": 0,
        "images-INITIAL_FORMS": 0,
    }
    return {**data, **overrides}


def test_staff_write_publish_and_find_an_article(staff_client, staff, anonymous_user):
    category = CategoryFactory()
    response = staff_client.post(reverse("admin:kb_article_add"), article_form(category))
    assert response.status_code == 302, response.content.decode()[:3000]
    article = Article.objects.get()
    assert article.author == staff and article.body_text.startswith("Importar")
    assert search(user=anonymous_user, query="ofx").count() == 0  # a draft

    staff_client.post(
        reverse("admin:kb_article_changelist"), {"action": "publish", "_selected_action": [article.pk]}
    )
    article.refresh_from_db()
    assert article.status == "published" and article.published_at
    assert [h.article for h in search(user=anonymous_user, query="extrato ofx")[:5]] == [article]
    assert search(user=anonymous_user, query="reconciliation").count() == 1  # the translation too

    staff_client.post(
        reverse("admin:kb_article_changelist"), {"action": "mark_reviewed", "_selected_action": [article.pk]}
    )
    article.refresh_from_db()
    assert article.reviewed_at


def test_history_records_who_changed_what(staff_client, staff):
    category = CategoryFactory()
    staff_client.post(reverse("admin:kb_article_add"), article_form(category))
    article = Article.objects.get()
    form = article_form(category, title="Conciliação bancária com OFX", **{"translations-0-language": ""})
    form["translations-TOTAL_FORMS"] = 0
    staff_client.post(reverse("admin:kb_article_change", args=[article.pk]), form)

    history = article.history.order_by("history_date")
    assert [h.title for h in history] == ["Conciliação com OFX", "Conciliação bancária com OFX"]
    assert {h.history_user for h in history} == {staff}
    page = staff_client.get(reverse("admin:kb_article_history", args=[article.pk]))
    assert page.status_code == 200


def test_images_are_reencoded_and_bad_files_refused(staff_client):
    article = ArticleFactory()
    url = reverse("admin:kb_article_change", args=[article.pk])
    form = article_form(article.category, slug=article.slug, status="published")
    form.update(
        {"translations-TOTAL_FORMS": 0, "images-TOTAL_FORMS": 1, "images-0-alt": "Tela de importação"}
    )

    bad = staff_client.post(
        url, {**form, "images-0-image": SimpleUploadedFile("x.png", b"<svg onload=alert(1)>")}
    )
    assert bad.status_code == 200 and not ArticleImage.objects.exists()

    good = staff_client.post(
        url, {**form, "images-0-image": SimpleUploadedFile("tela.png", png(), "image/png")}
    )
    assert good.status_code == 302
    image = ArticleImage.objects.get()
    assert image.image.name.endswith(".jpg")
    with Image.open(image.image.open("rb")) as stored:
        assert stored.format == "JPEG"
    assert image.markdown.startswith("![Tela de importação](/media/kb/")


def test_preview_renders_the_unsaved_text(staff_client):
    response = staff_client.post(
        reverse("admin:kb_article_preview"), {"title": "Rascunho", "body": "## Passo um\n\n**Negrito**"}
    )
    html = response.content.decode()
    assert '<h2 id="s-passo-um">Passo um</h2>' in html and "<strong>Negrito</strong>" in html


def test_preview_is_post_only_and_for_staff(client, customer_client):
    url = reverse("admin:kb_article_preview")
    assert customer_client.post(url, {"body": "x"}).status_code == 302  # to the admin login
    from django.contrib.auth import get_user_model

    from tests.factories import two_factor_enable

    staff = get_user_model().objects.create_user("editor", "e@example.com", "x", is_staff=True)
    client.force_login(two_factor_enable(staff))
    assert client.get(url).status_code in (403, 405)


def test_search_analytics_for_authors(staff_client):
    SearchTerm.objects.create(query="marketplace", count=7, results=0)
    SearchTerm.objects.create(query="boleto", count=30, results=4)

    no_results = staff_client.get(
        reverse("admin:kb_searchterm_changelist"), {"results": "none"}
    ).content.decode()
    most = staff_client.get(reverse("admin:kb_searchterm_changelist")).content.decode()

    assert "marketplace" in no_results and "boleto" not in no_results
    assert most.index("boleto") < most.index("marketplace")


def test_new_ticket_page_suggests_articles_to_staff(staff_client, customer):
    from tests.helpers import default_sector
    from tickets.services import ticket_open

    article = ArticleFactory(title="Emissão de boletos", body="Como gerar boletos.")
    ticket = ticket_open(
        customer=customer,
        sector=default_sector(),
        subject="Não consigo emitir boleto",
        description="Ajuda",
        files=[],
    )
    html = staff_client.get(reverse("admin:tickets_ticket_change", args=[ticket.pk])).content.decode()
    assert 'data-testid="admin-kb-suggestions"' in html and article.get_absolute_url() in html
