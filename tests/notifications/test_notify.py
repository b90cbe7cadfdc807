"""notify(): one call per event, any audience size, e-mail only for those who opted in."""

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from notifications.models import Notification, OutboundEmail
from notifications.services import notify
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

User = get_user_model()


def make_users(count, organization, prefix):
    """Many customers quickly (bulk), half of them reading the portal in English."""
    return User.objects.bulk_create(
        User(
            username=f"{prefix}{i}",
            email=f"{prefix}{i}@bulk.example.com",
            organization=organization,
            language="en" if i % 2 else "pt-br",
            email_notifications=i % 5 != 0,
            password="!",
        )
        for i in range(count)
    )


def queries_for_notify(recipients):
    with CaptureQueriesContext(connection) as ctx:
        created = notify(
            recipients,
            title="Manutenção no sábado",
            body="Das 8h às 12h.",
            link="/chamados/",
            kind=Notification.Kind.TICKET,
        )
    return created, len(ctx.captured_queries)


def test_notify_creates_a_notification_per_recipient_and_mails_only_opted_in(
    customer, colleague, deliver_outbox
):
    colleague.email_notifications = False
    colleague.save()

    created = notify(
        User.objects.filter(pk__in=[customer.pk, colleague.pk]),
        title="Olá",
        link="/chamados/",
        kind=Notification.Kind.TICKET,
    )

    assert created == 2
    assert set(Notification.objects.values_list("recipient__username", flat=True)) == {"ana", "bruno"}
    mails = deliver_outbox()
    assert [m.to for m in mails] == [[customer.email]]


def test_opted_out_user_gets_the_notification_but_no_e_mail(customer, deliver_outbox):
    customer.email_notifications = False
    customer.save()

    notify([customer], title="Chamado respondido", kind=Notification.Kind.TICKET)

    assert Notification.objects.for_user(customer).unread().count() == 1
    assert not OutboundEmail.objects.exists()
    assert deliver_outbox() == []


def test_opt_out_after_the_event_is_honoured_at_send_time(customer, deliver_outbox):
    notify([customer], title="Chamado respondido", kind=Notification.Kind.TICKET)
    assert OutboundEmail.objects.filter(to_user=customer, respect_opt_in=True).count() == 1

    customer.email_notifications = False
    customer.save()

    assert deliver_outbox() == []
    assert OutboundEmail.objects.get().status == OutboundEmail.Status.SKIPPED


def test_inactive_users_and_duplicates_are_left_out(customer, colleague):
    colleague.is_active = False
    colleague.save()

    created = notify([customer, customer, colleague], title="Olá", kind=Notification.Kind.TICKET)

    assert created == 1
    assert list(Notification.objects.values_list("recipient", flat=True)) == [customer.pk]


def test_nobody_to_notify_costs_nothing(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert notify([], title="Ninguém", kind=Notification.Kind.TICKET) == 0


def test_a_link_outside_the_portal_is_refused(customer):
    for link in ["https://evil.example.com/", "//evil.example.com/", "javascript:alert(1)", "/\\evil.com"]:
        with pytest.raises(ValueError):
            notify([customer], title="Olá", link=link, kind=Notification.Kind.TICKET)
    assert not Notification.objects.exists()


def test_query_count_is_the_same_for_10_and_1000_recipients(organization):
    few = make_users(10, organization, "poucos")
    many = make_users(1000, organization, "muitos")

    created_few, queries_few = queries_for_notify(User.objects.filter(username__startswith="poucos"))
    created_many, queries_many = queries_for_notify(User.objects.filter(username__startswith="muitos"))

    assert (created_few, created_many) == (10, 1000)
    assert queries_few == queries_many
    opted_in = sum(1 for user in many if user.email_notifications)
    assert OutboundEmail.objects.filter(to_user__username__startswith="muitos").count() == opted_in

    # A plain list of users (what tickets and projects pass) costs the same too.
    _, list_few = queries_for_notify(few)
    _, list_many = queries_for_notify(many)
    assert list_few == list_many == queries_few


def test_e_mail_is_in_the_recipients_language_with_links_to_the_notification_and_meus_dados(
    customer, colleague, client, deliver_outbox
):
    colleague.language = "en"
    colleague.save()

    notify(
        [customer, colleague],
        title="Manutenção programada",
        body="Sábado, das 8h às 12h.",
        kind=Notification.Kind.TICKET,
    )

    mails = {m.to[0]: m for m in deliver_outbox()}
    pt, en = mails[customer.email], mails[colleague.email]
    assert pt.subject == en.subject == "Manutenção programada"
    assert "Sábado, das 8h às 12h." in pt.body
    assert "Veja na área do cliente" in pt.body
    assert "See it in the customer area" in en.body
    profile_url = "http://testserver" + reverse("accounts:profile")
    assert profile_url in pt.body and profile_url in en.body
    html = pt.alternatives[0][0]
    assert profile_url in html and "Meus dados" in html

    # The same link in every copy opens each recipient's own notification.
    link = next(line for line in pt.body.splitlines() if "/notificacoes/aviso/" in line).strip()
    assert link in en.body
    path = link.removeprefix("http://testserver")
    client.force_login(customer)
    assert client.get(path).url == Notification.objects.get(recipient=customer).get_absolute_url()
    client.force_login(colleague)
    assert client.get(path).url == Notification.objects.get(recipient=colleague).get_absolute_url()


def test_notification_and_e_mails_roll_back_with_the_callers_transaction(customer):
    from django.db import transaction

    with pytest.raises(RuntimeError), transaction.atomic():
        notify([customer], title="Olá", kind=Notification.Kind.TICKET)
        raise RuntimeError("the caller's event failed")

    assert not Notification.objects.exists()
    assert not OutboundEmail.objects.exists()


def test_e_mails_are_enqueued_once_after_commit(
    customer, colleague, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        notify([customer, colleague], title="Olá", kind=Notification.Kind.TICKET)

    to_broker = [c for c in callbacks if c.__module__ != "portal.page_cache"]
    assert len(to_broker) == 1  # one message to the broker for the whole batch
    assert sorted(m.to[0] for m in mailoutbox) == sorted([customer.email, colleague.email])
    assert set(OutboundEmail.objects.values_list("status", flat=True)) == {OutboundEmail.Status.SENT}


def test_title_is_one_line_and_fits(customer):
    notify([customer], title="Linha 1\r\nLinha 2 " + "x" * 300, kind=Notification.Kind.TICKET)

    title = Notification.objects.get().title
    assert title.startswith("Linha 1 Linha 2 ")
    assert len(title) == 200


def test_unsaved_user_factory_users_work_as_a_list(organization):
    users = UserFactory.create_batch(3, organization=organization)
    assert notify(users, title="Olá", kind=Notification.Kind.TICKET) == 3
