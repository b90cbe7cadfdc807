"""Avisos da equipe: staff write them in the admin and send them once, to the right people."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from notifications import tasks
from notifications.models import Announcement, Notification, OutboundEmail
from notifications.services import announcement_send
from tests.factories import OrganizationFactory, StaffFactory, UserFactory

from .factories import AnnouncementFactory

pytestmark = pytest.mark.django_db

User = get_user_model()
CHANGELIST = reverse("admin:notifications_announcement_changelist")
ADD = reverse("admin:notifications_announcement_add")


def change_url(announcement):
    return reverse("admin:notifications_announcement_change", args=[announcement.pk])


def send_in_admin(staff_client, *announcements):
    """The admin action: pick, confirm, and let the queued Celery task run."""
    ids = [a.pk for a in announcements]
    confirm = staff_client.post(CHANGELIST, {"action": "send_announcements", "_selected_action": ids})
    assert confirm.status_code == 200
    return staff_client.post(
        CHANGELIST, {"action": "send_announcements", "_selected_action": ids, "post": "yes"}, follow=True
    )


def recipients(announcement) -> set[str]:
    return set(
        Notification.objects.filter(announcement=announcement).values_list("recipient__username", flat=True)
    )


@pytest.fixture
def org_members(customer, colleague, organization):
    """Besides ana and bruno: a deactivated customer and a staff member tied to the same company."""
    UserFactory(username="ex-cliente", organization=organization, is_active=False)
    StaffFactory(username="consultor", organization=organization)
    return organization


def test_staff_write_a_notice_and_preview_how_many_it_reaches(staff_client, org_members, stranger):
    response = staff_client.post(
        ADD,
        {
            "title": "Manutenção programada",
            "body": "O portal fica fora do ar **sábado**, das 8h às 12h.",
            "link": "/chamados/",
            "audience": Announcement.Audience.ORGANIZATIONS,
            "organizations": [org_members.pk],
        },
    )

    assert response.status_code == 302
    announcement = Announcement.objects.get()
    assert announcement.created_by.username == "equipe"
    page = staff_client.get(change_url(announcement)).content.decode()
    assert re.search(r'data-testid="recipients-preview">Alcança 2 clientes ativos agora', page)
    assert "Rascunho" in page
    assert "<strong>sábado</strong>" in page  # the text as customers will see it


def test_add_page_explains_the_preview(staff_client):
    assert "Salve o aviso para ver quantos clientes ele alcança." in staff_client.get(ADD).content.decode()


@pytest.mark.parametrize(
    ("audience", "field", "message"),
    [
        (Announcement.Audience.ORGANIZATIONS, "organizations", "Escolha ao menos uma empresa."),
        (Announcement.Audience.USERS, "users", "Escolha ao menos um cliente."),
    ],
)
def test_a_chosen_audience_needs_someone(staff_client, audience, field, message):
    response = staff_client.post(ADD, {"title": "Aviso", "body": "", "link": "", "audience": audience})

    assert response.status_code == 200
    assert message in str(response.context["adminform"].form.errors[field])
    assert not Announcement.objects.exists()


@pytest.mark.parametrize("link", ["https://evil.example.com/", "//evil.example.com/", "javascript:alert(1)"])
def test_link_must_be_a_page_of_the_portal(staff_client, link):
    response = staff_client.post(
        ADD, {"title": "Aviso", "body": "", "link": link, "audience": Announcement.Audience.ALL}
    )

    assert response.status_code == 200
    assert "link" in response.context["adminform"].form.errors
    assert not Announcement.objects.exists()


def test_announcement_to_an_organization_reaches_exactly_its_active_customers(
    staff_client, org_members, stranger, django_capture_on_commit_callbacks
):
    other_org_member = UserFactory(username="vizinho", organization=OrganizationFactory())
    announcement = AnnouncementFactory(
        audience=Announcement.Audience.ORGANIZATIONS, organizations=[org_members]
    )

    with django_capture_on_commit_callbacks(execute=True):
        response = send_in_admin(staff_client, announcement)

    assert "1 aviso da equipe está sendo enviado" in response.content.decode()
    assert recipients(announcement) == {"ana", "bruno"}
    assert not Notification.objects.filter(recipient__in=[stranger, other_org_member]).exists()
    announcement.refresh_from_db()
    assert announcement.sent_at is not None
    assert announcement.recipients_count == 2


def test_all_active_customers_and_chosen_customers(customer, colleague, stranger, staff):
    everyone = AnnouncementFactory(audience=Announcement.Audience.ALL)
    UserFactory(username="inativo", is_active=False)
    chosen = AnnouncementFactory(audience=Announcement.Audience.USERS, users=[colleague, stranger])

    announcement_send(announcement_id=everyone.pk)
    announcement_send(announcement_id=chosen.pk)

    assert recipients(everyone) == {"ana", "bruno", "outro"}
    assert recipients(chosen) == {"bruno", "outro"}


def test_double_click_sends_once(staff_client, customer, colleague, django_capture_on_commit_callbacks):
    announcement = AnnouncementFactory()

    with django_capture_on_commit_callbacks(execute=True):
        send_in_admin(staff_client, announcement)
    with django_capture_on_commit_callbacks(execute=True):
        response = send_in_admin(staff_client, announcement)
    # The task itself is safe to run again (a retry, a second worker, a queued double click).
    assert tasks.announcement_send.delay(announcement.pk).get() is None

    assert "1 aviso da equipe já tinha sido enviado e não foi enviado de novo." in response.content.decode()
    assert Notification.objects.filter(announcement=announcement).count() == 2
    assert OutboundEmail.objects.count() == 2


def test_double_click_before_the_task_ran_queues_twice_but_sends_once(
    staff_client, customer, django_capture_on_commit_callbacks
):
    announcement = AnnouncementFactory()

    with django_capture_on_commit_callbacks(execute=False) as first:
        send_in_admin(staff_client, announcement)
    with django_capture_on_commit_callbacks(execute=False) as second:
        send_in_admin(staff_client, announcement)
    announcement.refresh_from_db()
    assert announcement.queued_at is not None and announcement.sent_at is None
    with django_capture_on_commit_callbacks(execute=True):
        for callback in [*first, *second]:
            callback()

    assert Notification.objects.filter(announcement=announcement).count() == 1


def test_sweep_sends_an_announcement_whose_task_was_lost(
    staff_client, customer, django_capture_on_commit_callbacks
):
    announcement = AnnouncementFactory()
    # The broker was down when staff clicked "send": the task never reached a worker.
    with django_capture_on_commit_callbacks(execute=False):
        send_in_admin(staff_client, announcement)
    assert tasks.announcement_sweep() == 0  # too early: the task may still be on its way

    Announcement.objects.filter(pk=announcement.pk).update(queued_at=timezone.now() - timedelta(minutes=10))
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.announcement_sweep() == 1

    assert recipients(announcement) == {"ana"}
    assert tasks.announcement_sweep() == 0  # sent: nothing left to re-queue


def test_confirmation_page_shows_each_audience_size(staff_client, customer, colleague, stranger):
    announcement = AnnouncementFactory(title="Novidades de março")

    response = staff_client.post(
        CHANGELIST, {"action": "send_announcements", "_selected_action": [announcement.pk]}
    )

    html = response.content.decode()
    assert "Novidades de março" in html and "3 destinatários" in html
    assert not Notification.objects.exists()
    announcement.refresh_from_db()
    assert announcement.queued_at is None


def test_a_sent_notice_is_read_only_and_kept(staff_client, customer):
    announcement = AnnouncementFactory(title="Original")
    announcement_send(announcement_id=announcement.pk)

    page = staff_client.get(change_url(announcement)).content.decode()
    staff_client.post(change_url(announcement), {"title": "Mudado", "audience": "all"})

    announcement.refresh_from_db()
    assert announcement.title == "Original"
    assert 'name="title"' not in page
    assert "Enviado para 1 cliente." in page
    assert "0 de 1 clientes leram." in page
    delete = staff_client.post(reverse("admin:notifications_announcement_delete", args=[announcement.pk]))
    assert delete.status_code == 403
    assert Announcement.objects.filter(pk=announcement.pk).exists()


def test_markdown_is_rendered_and_sanitized(customer_client, customer, deliver_outbox):
    announcement = AnnouncementFactory(
        body=(
            "**Importante**: leia [o guia](/artigos/guia/).\n\n"
            "[clique](javascript:alert(1)) [dados](data:text/html;base64,PHNjcmlwdD4=)\n\n"
            "[ref][1] <svg onload=alert(1)></svg> <img src=x onerror=alert(1)> <script>alert(1)</script>\n\n"
            "[1]: javascript:alert(2)"
        )
    )
    announcement_send(announcement_id=announcement.pk)
    notification = Notification.objects.get(recipient=customer)

    page = customer_client.get(notification.get_absolute_url()).content.decode()
    html = page[page.index('<div class="notification-body') : page.index("</article>")]
    mail = deliver_outbox()[0]
    mail_html = mail.alternatives[0][0]

    assert '<a href="/artigos/guia/"' in html
    assert '<a href="http://testserver/artigos/guia/"' in mail_html  # absolute in an e-mail
    for rendered in (html, mail_html):
        assert "<strong>Importante</strong>" in rendered
        for bad in ("javascript:", "data:text", "onload", "onerror", "<script", "<svg", "<img"):
            assert bad not in rendered
    # The list and the plain-text e-mail get readable text, not Markdown syntax.
    assert notification.body.startswith("Importante: leia o guia (/artigos/guia/).")
    assert "**" not in mail.body


def test_announcement_e_mail_honours_opt_in_and_links_to_the_notification(
    customer, colleague, deliver_outbox, client
):
    colleague.email_notifications = False
    colleague.save()
    announcement = AnnouncementFactory(title="Nova versão do sistema")

    announcement_send(announcement_id=announcement.pk)

    assert recipients(announcement) == {"ana", "bruno"}
    mails = deliver_outbox()
    assert [m.to for m in mails] == [[customer.email]]
    link = re.search(r"http://testserver(/notificacoes/aviso/[0-9a-f-]+/)", mails[0].body).group(1)
    assert "http://testserver/meus-dados/" in mails[0].body
    client.force_login(customer)
    detail = client.get(link, follow=True)
    assert "Nova versão do sistema" in detail.content.decode()


def test_sending_costs_the_same_queries_for_a_small_and_a_large_company():
    def audience(size):
        org = OrganizationFactory()
        User.objects.bulk_create(
            User(
                username=f"{org.pk}-{i}", email=f"{org.pk}-{i}@x.example.com", organization=org, password="!"
            )
            for i in range(size)
        )
        return AnnouncementFactory(audience=Announcement.Audience.ORGANIZATIONS, organizations=[org])

    small, large = audience(5), audience(400)
    counts = []
    for announcement in (small, large):
        with CaptureQueriesContext(connection) as ctx:
            announcement_send(announcement_id=announcement.pk)
        counts.append(len(ctx.captured_queries))

    assert counts[0] == counts[1]
    assert Notification.objects.filter(announcement=large).count() == 400


def test_customers_cannot_reach_the_admin(customer_client):
    response = customer_client.get(CHANGELIST)
    assert response.status_code == 302
