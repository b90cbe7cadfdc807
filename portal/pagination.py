"""One way to cut a list into pages for the customer area."""

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.utils.functional import cached_property

# How many pages past the requested one are counted: the count costs the same whether the
# customer has 200 tickets or 50,000.
PAGES_AHEAD = 10


class WindowPaginator(Paginator):
    """A paginator that counts a query's rows only up to `PAGES_AHEAD` pages past the page
    asked for (`SELECT COUNT(*) FROM (... LIMIT n)`), instead of all of them. `more` tells
    the template that there are pages beyond the last one it can name ("de 13 ou mais")."""

    def __init__(self, object_list, per_page, *, number, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.window = (max(number, 1) + PAGES_AHEAD) * per_page + 1
        self.more = False

    @cached_property
    def count(self):
        if not isinstance(self.object_list, QuerySet):
            return super().count
        counted = self.object_list[: self.window].count()
        if counted >= self.window:
            self.more = True
            return self.window - 1
        return counted


def _page_number(request) -> int:
    try:
        return int(request.GET.get("page", 1))
    except (TypeError, ValueError):
        return 1


def paginate(request, items, size: str) -> Page:
    """The page `?page=` asks for (the last one if past the end), its rows already fetched:
    the query runs here, once, not later inside the template. `size`: a key of
    settings.PAGE_SIZES."""
    paginator = WindowPaginator(items, settings.PAGE_SIZES[size], number=_page_number(request))
    page = paginator.get_page(request.GET.get("page"))
    page.object_list = list(page.object_list)
    return page
