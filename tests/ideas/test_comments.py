"""Comments on ideas by customers and the team; "Acompanhar" (follow) brings new comments
to the bell. Following is opt-in: voting does not follow, commenting does."""

import pytest
from django.urls import reverse

from ideas.models import Comment, Follow
from notifications.models import Notification

from .factories import CommentFactory, IdeaFactory, VoteFactory

pytestmark = pytest.mark.django_db


def comment_url(idea):
    return reverse("ideas:comment", args=[idea.pk])


def follow_url(idea):
    return reverse("ideas:follow", args=[idea.pk])


def test_customer_comments_and_the_comment_shows_on_the_idea(customer_client, customer):
    idea = IdeaFactory()

    response = customer_client.post(
        comment_url(idea), {"body": "Usaríamos todo dia.\nÉ essencial."}, follow=True
    )

    html = response.content.decode()
    comment = Comment.objects.get()
    assert response.redirect_chain[-1][0] == f"{idea.get_absolute_url()}#comment-{comment.pk}"
    assert "Seu comentário foi publicado." in html
    assert "Usaríamos todo dia.<br>É essencial." in html
    assert (comment.author, comment.idea) == (customer, idea)
    assert Follow.objects.filter(idea=idea, user=customer).exists()  # commenting follows


def test_empty_comment_is_a_form_error(customer_client):
    idea = IdeaFactory()

    response = customer_client.post(comment_url(idea), {"body": "   "})

    assert response.status_code == 400
    assert "Este campo é obrigatório." in response.content.decode()
    assert not Comment.objects.exists()


def test_comment_text_is_escaped(customer_client):
    idea = IdeaFactory()

    html = customer_client.post(comment_url(idea), {"body": "<script>alert(1)</script>"}, follow=True)

    assert "<script>alert(1)</script>" not in html.content.decode()
    assert "&lt;script&gt;" in html.content.decode()


def test_followers_but_not_the_author_nor_mere_voters_are_told(
    customer_client, customer, colleague, stranger
):
    idea = IdeaFactory(title="Modo escuro")
    Follow.objects.create(idea=idea, user=colleague)
    Follow.objects.create(idea=idea, user=customer)
    VoteFactory(idea=idea, user=stranger)  # voted, did not follow

    customer_client.post(comment_url(idea), {"body": "Também queremos."})

    notices = Notification.objects.filter(kind=Notification.Kind.IDEA_COMMENT)
    assert list(notices.values_list("recipient", flat=True)) == [colleague.pk]
    notice = notices.get()
    assert notice.title == "Ana Souza comentou na ideia “Modo escuro”"
    assert notice.link == f"{idea.get_absolute_url()}#comment-{Comment.objects.get().pk}"


def test_staff_answer_is_highlighted_and_announced_as_the_team(client, staff, customer):
    idea = IdeaFactory(title="Modo escuro")
    Follow.objects.create(idea=idea, user=customer)
    client.force_login(staff)

    client.post(comment_url(idea), {"body": "Está no nosso plano."})

    assert Notification.objects.get(recipient=customer).title == "A equipe respondeu na ideia “Modo escuro”"
    client.force_login(customer)
    html = client.get(idea.get_absolute_url()).content.decode()
    assert "idea-comment-staff" in html
    assert ">Equipe<" in html
    assert not Follow.objects.filter(user=staff).exists()


def test_hidden_comment_is_gone_for_customers_but_staff_still_see_it(client, customer, staff):
    idea = IdeaFactory()
    CommentFactory(idea=idea, body="Comentário ofensivo", hidden=True)
    CommentFactory(idea=idea, body="Comentário útil")

    client.force_login(customer)
    html = client.get(idea.get_absolute_url()).content.decode()
    assert "Comentário útil" in html
    assert "Comentário ofensivo" not in html

    client.force_login(staff)
    html = client.get(idea.get_absolute_url()).content.decode()
    assert "Comentário ofensivo" in html
    assert "Oculto para os clientes" in html


def test_staff_hide_a_comment_in_the_admin(staff_client):
    comment = CommentFactory(body="Spam")

    staff_client.post(
        reverse("admin:ideas_comment_changelist"), {"action": "hide", "_selected_action": [comment.pk]}
    )

    comment.refresh_from_db()
    assert comment.hidden


def test_follow_and_unfollow_are_idempotent(customer_client, customer):
    idea = IdeaFactory()

    customer_client.post(follow_url(idea), {"following": "1"})
    html = customer_client.post(follow_url(idea), {"following": "1"}, follow=True).content.decode()
    assert Follow.objects.filter(idea=idea, user=customer).count() == 1
    assert "Você acompanha os comentários" in html

    html = customer_client.post(follow_url(idea), {"following": "0"}, follow=True).content.decode()
    assert "Você deixou de acompanhar esta ideia." in html
    assert not Follow.objects.exists()


def test_voting_does_not_follow(customer_client, customer):
    idea = IdeaFactory()

    customer_client.post(reverse("ideas:vote", args=[idea.pk]), {"voted": "1"})

    assert not Follow.objects.filter(user=customer).exists()


def test_detail_page_queries_do_not_grow_with_comments_and_history(
    customer_client, django_assert_max_num_queries
):
    from ideas.services import idea_status_set

    idea = IdeaFactory()
    CommentFactory.create_batch(5, idea=idea)
    idea_status_set(idea=idea, status="planned", note="a", by=None)
    with django_assert_max_num_queries(50) as small:
        customer_client.get(idea.get_absolute_url())
    baseline = len(small.captured_queries)

    CommentFactory.create_batch(500, idea=idea)
    for status in ["in_development", "done", "wont_do", "planned"] * 5:
        idea_status_set(idea=idea, status=status, note="b", by=None)
    with django_assert_max_num_queries(baseline):
        response = customer_client.get(idea.get_absolute_url())
    assert response.content.decode().count('class="card mb-2 idea-comment') == 505


def test_a_double_click_adds_one_comment_and_one_notice(customer_client, colleague):
    idea = IdeaFactory()
    Follow.objects.create(idea=idea, user=colleague)
    form = customer_client.get(idea.get_absolute_url()).content.decode()
    token = form.split('name="client_token" value="')[1].split('"')[0]

    for _ in range(2):
        response = customer_client.post(comment_url(idea), {"body": "Uma vez só", "client_token": token})
        assert response.status_code == 302

    assert Comment.objects.count() == 1
    assert Notification.objects.filter(recipient=colleague).count() == 1
