"""One way to cut a list into pages for the customer area."""

from django.conf import settings
from django.core.paginator import Page, Paginator


def paginate(request, items, size: str) -> Page:
    """The page `?page=` asks for (the last one if past the end), its rows already fetched:
    the query runs here, once, not later inside the template. `size`: a key of
    settings.PAGE_SIZES."""
    page = Paginator(items, settings.PAGE_SIZES[size]).get_page(request.GET.get("page"))
    page.object_list = list(page.object_list)
    return page
