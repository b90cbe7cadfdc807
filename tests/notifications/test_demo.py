"""Demo data: ana opens the portal to an unread team notice, however often the demo loads."""

import pytest

from accounts import demo as accounts_demo
from notifications import demo
from notifications.models import Announcement, Notification

pytestmark = pytest.mark.django_db


def test_demo_sends_one_notice_to_the_demo_company_once():
    for _ in range(2):
        ctx: dict = {}
        accounts_demo.load(ctx)
        demo.load(ctx)

    announcement = Announcement.objects.get()
    assert announcement.sent_at is not None
    assert set(announcement.notifications.values_list("recipient__username", flat=True)) == {"ana", "bruno"}
    assert Notification.objects.for_user(ctx["ana"]).unread().count() == 1
