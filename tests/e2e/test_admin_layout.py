"""The team's ticket pages in the admin at 1280 px (a common laptop): the list and the change page
(conversation, fields, inlines) fit the window, nothing cut or scrolled sideways. Screenshots land
in test-screenshots/ with the accessibility gate's."""

import pytest
from django.db.models import Count
from playwright.sync_api import expect

from accounts.management.commands.demo_data import DEMO_LOADERS
from tests.e2e.helpers import give_second_factor_code, log_in
from tests.factories import StaffFactory
from tickets.models import Ticket

from .test_accessibility import SCREENSHOTS

pytestmark = pytest.mark.django_db(transaction=True)

# Elements wider than their box: a table or module cut by its container, at any depth.
OVERFLOWING = """() => [...document.querySelectorAll('#content-main .module, #content-main table, #changelist .results')]
    .filter(el => el.scrollWidth > el.clientWidth + 1 && el.offsetParent !== null)
    .map(el => `${el.tagName.toLowerCase()}#${el.id}.${[...el.classList].join('.')}: ${el.scrollWidth} > ${el.clientWidth}`)"""


def test_admin_ticket_list_and_page_fit_1280_px(browser, live_server):
    ctx: dict = {}
    for load in DEMO_LOADERS:
        load(ctx)
    StaffFactory(username="carla")
    # The busiest ticket: messages, internal notes, attachments, changes.
    ticket = Ticket.objects.annotate(n=Count("messages")).order_by("-n").first()

    context = browser.new_context(locale="pt-BR", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    problems = []
    try:
        log_in(page, live_server.url, "carla", next_url="?next=/admin/")
        give_second_factor_code(page)
        expect(page.locator("#site-name")).to_be_visible()
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        for name, path in [
            ("admin-tickets", "/admin/tickets/ticket/"),
            ("admin-ticket", f"/admin/tickets/ticket/{ticket.pk}/change/"),
        ]:
            page.goto(live_server.url + path)
            expect(page.locator("#content-main")).to_be_visible()
            page.screenshot(path=str(SCREENSHOTS / f"{name}-1280.png"), full_page=True)
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > 1280:
                problems.append(f"{name}: the page is {width}px wide")
            problems += [f"{name}: {line}" for line in page.evaluate(OVERFLOWING)]
    finally:
        context.close()
    assert not problems, "\n".join(problems)
