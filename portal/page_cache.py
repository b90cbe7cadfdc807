"""Per-reader page cache, invalidated by the changes that make a page stale.

A signed-in customer's hot pages (dashboard, lists, detail pages) are rendered once and kept in
the "pages" cache (Redis in production) under the reader, their language and the URL. Every
entry carries the three versions it was rendered under:

- the reader's own version (their notifications, reads, votes, profile),
- their company's version (tickets, projects, colleagues),
- one version for everyone (knowledge base, ideas, sectors).

A change bumps the versions it concerns (model signals here, plus explicit `touch()` calls in
the services that write with `QuerySet.update()` or `bulk_create()`), so the next page a
reader opens after their own action, or after the team's, is rendered afresh: read-your-writes,
never a timer alone. The entry also expires after `PAGE_CACHE_SECONDS`, which only bounds how
old relative times ("há 2 minutos") can get.

What differs on every render is not cached: the CSRF token and the forms' one-time
`client_token` are cut out of the stored page and filled in fresh on each hit. A page with
pending messages ("Chamado aberto") is never cached nor served from the cache, and staff are
never served from it. If the cache does not answer, pages render as if it were empty.

A hit costs one round trip to the cache (versions and page in one `get_many`) on top of the
session, instead of the view's queries and templates.
"""

import hashlib
import logging
import re
import time
import uuid
from collections.abc import Callable, Iterable
from functools import wraps

from django.apps import apps
from django.conf import settings
from django.contrib import messages
from django.core.cache import caches
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.middleware.csrf import get_token

logger = logging.getLogger("portal.page_cache")

ALIAS = "pages"

# What is rendered afresh on every hit: hidden inputs whose value must differ per render.
_PER_RENDER = re.compile(rb'(name="(?:csrfmiddlewaretoken|(?:[\w-]+-)?client_token)" value=")([^"]*)(")')
_CSRF_NAME = b'name="csrfmiddlewaretoken"'


def _cache():
    return caches[ALIAS]


def _user_key(pk) -> str:
    return f"v:u:{pk}"


def _org_key(pk) -> str:
    return f"v:o:{pk}"


GLOBAL_KEY = "v:g"


# --- invalidation -------------------------------------------------------------------------


def _new_version() -> str:
    # Unique, not a counter: a version key evicted and re-created never matches an old page.
    return f"{time.time_ns():x}{uuid.uuid4().hex[:6]}"


def _bump(keys: list[str]) -> None:
    if not keys:
        return
    try:
        _cache().set_many(dict.fromkeys(keys, _new_version()), timeout=None)
    except Exception:  # the cache is down: pages go stale until PAGE_CACHE_SECONDS at worst
        logger.exception("page cache: could not invalidate %s", keys[:5])


def touch(*, users: Iterable = (), organizations: Iterable = (), everyone: bool = False) -> None:
    """Mark pages stale: those of `users` (ids or objects), of everyone in `organizations`,
    or of every reader. Bumps now (the writer's own next page) and again after the commit (a
    reader who rendered between the two saw the old rows)."""
    keys = [_user_key(getattr(u, "pk", u)) for u in users if u is not None]
    keys += [_org_key(getattr(o, "pk", o)) for o in organizations if o is not None]
    if everyone:
        keys.append(GLOBAL_KEY)
    if not keys or not _enabled():
        return
    _bump(keys)
    transaction.on_commit(lambda: _bump(keys), robust=True)


def _enabled() -> bool:
    return settings.CACHES.get(ALIAS, {}).get("BACKEND", "").rsplit(".", 1)[-1] != "DummyCache"


# Which readers a saved or deleted row concerns, per model. A model of the portal's apps that
# is not listed here invalidates every reader's pages (tests/test_page_cache.py makes every new
# model choose).
def _ticket_scope(ticket) -> dict:
    return {"organizations": [ticket.organization_id], "users": [ticket.customer_id]}


def _via_ticket(row) -> dict:
    return _ticket_scope(row.ticket)


def _via_project(row) -> dict:
    return {"organizations": [row.project.organization_id]}


def _via_update(row) -> dict:
    return {"organizations": [row.update.project.organization_id]}


EVERYONE = {"everyone": True}
NOBODY: dict = {}

SCOPES: dict[str, Callable[..., dict] | dict] = {
    "accounts.user": lambda user: {"users": [user.pk]},
    "accounts.organization": lambda org: {"organizations": [org.pk]},
    "accounts.passwordresetrequest": NOBODY,
    "accounts.session": NOBODY,
    "notifications.notification": lambda n: {"users": [n.recipient_id]},
    "notifications.announcement": NOBODY,  # its notifications are what readers see
    "notifications.outboundemail": NOBODY,
    "kb.category": EVERYONE,
    "kb.tag": EVERYONE,
    "kb.article": EVERYONE,
    "kb.articletranslation": EVERYONE,
    "kb.articleimage": EVERYONE,
    "kb.historicalarticle": NOBODY,
    "kb.historicalarticletranslation": NOBODY,
    "kb.feedback": lambda f: {"users": [f.user_id]},
    "kb.deflection": NOBODY,
    "kb.searchterm": NOBODY,
    "tickets.sector": EVERYONE,
    "tickets.ticket": _ticket_scope,
    "tickets.message": _via_ticket,
    "tickets.attachment": lambda a: _ticket_scope(a.message.ticket),
    "tickets.ticketchange": _via_ticket,
    "tickets.ticketread": lambda r: {"users": [r.user_id]},
    "tickets.ticketfollower": _via_ticket,
    "tickets.satisfaction": _via_ticket,
    "tickets.cannedreply": NOBODY,  # staff only
    "tickets.inboundemail": NOBODY,
    "projects.project": lambda p: {"organizations": [p.organization_id]},
    "projects.milestone": _via_project,
    "projects.projectupdate": _via_project,
    "projects.updatefile": _via_update,
    "projects.updatecomment": _via_update,
    "ideas.category": EVERYONE,
    "ideas.idea": EVERYONE,
    "ideas.vote": EVERYONE,  # counts are shown to everyone
    "ideas.rating": EVERYONE,
    "ideas.statuschange": EVERYONE,
    "ideas.comment": EVERYONE,
    "ideas.follow": lambda f: {"users": [f.user_id]},
    "plugin.integration": NOBODY,
    "plugin.signingkey": NOBODY,
    "plugin.personlink": NOBODY,
    "plugin.usedtoken": NOBODY,
    "privacy.dataexport": NOBODY,
    "privacy.privacyevent": NOBODY,
    "privacy.deletionrequest": NOBODY,
    "privacy.privacynotice": EVERYONE,
}


def _scope_of(instance) -> dict:
    scope = SCOPES.get(instance._meta.label_lower, EVERYONE)
    if callable(scope):
        try:
            return scope(instance)
        except Exception:  # a half-deleted row whose parent is gone: be safe
            logger.warning("page cache: scope of %r unknown, invalidating everyone", instance)
            return EVERYONE
    return scope


def _changed(sender, instance, **kwargs) -> None:
    if kwargs.get("raw"):  # loaddata
        return
    touch(**_scope_of(instance))


def _m2m_changed(sender, instance, action, **kwargs) -> None:
    if action.startswith("post_"):
        touch(**_scope_of(instance))


def connect_signals() -> None:
    """Called once from an app's ready(): every model of the portal's apps invalidates."""
    for model in apps.get_models():
        if model._meta.app_label not in settings.PORTAL_APPS:
            continue
        if SCOPES.get(model._meta.label_lower) is NOBODY:
            continue
        uid = f"page_cache:{model._meta.label_lower}"
        post_save.connect(_changed, sender=model, dispatch_uid=uid)
        post_delete.connect(_changed, sender=model, dispatch_uid=uid)
        for field in model._meta.local_many_to_many:
            m2m_changed.connect(
                _m2m_changed, sender=field.remote_field.through, dispatch_uid=f"{uid}:{field.name}"
            )


# --- serving ------------------------------------------------------------------------------


def _page_key(request) -> str:
    path = hashlib.blake2b(request.get_full_path().encode(), digest_size=16).hexdigest()
    return f"p:{request.user.pk}:{request.LANGUAGE_CODE}:{path}"


def _cacheable_request(request) -> bool:
    user = request.user
    return (
        request.method == "GET"
        and user.is_authenticated
        and not user.is_staff
        and _enabled()
        # A message waiting to be shown ("Resposta enviada") belongs to this render only.
        and not len(messages.get_messages(request))
    )


def _split(content: bytes) -> list[bytes]:
    """The page cut around its per-render values: [text, name, text, name, ..., text]."""
    parts: list[bytes] = []
    last = 0
    for match in _PER_RENDER.finditer(content):
        parts.append(content[last : match.end(1)])
        parts.append(b"csrf" if match.group(0).startswith(_CSRF_NAME) else b"client_token")
        last = match.start(3)
    parts.append(content[last:])
    return parts


def _join(request, parts: list[bytes]) -> bytes:
    out = []
    csrf = b""
    for index, part in enumerate(parts):
        if index % 2 == 0:
            out.append(part)
        elif part == b"csrf":
            # One masked token per page, as Django's own render uses.
            csrf = csrf or get_token(request).encode()
            out.append(csrf)
        else:
            out.append(uuid.uuid4().hex.encode())
    return b"".join(out)


def _storable(request, response) -> bool:
    return (
        response.status_code == 200
        and not response.streaming
        and getattr(response, "is_rendered", True)  # a TemplateResponse still to render: leave it
        and not response.cookies
        # The view queued a message (shown on this page only).
        and not getattr(messages.get_messages(request), "_queued_messages", None)
    )


def reader_page(view=None, *, on_hit: Callable | None = None):
    """Serve a signed-in customer's GET page from the page cache when nothing it shows has
    changed. `on_hit(request, *args, **kwargs)` runs on a hit (e.g. counting an article view)."""

    def decorate(view_func):
        @wraps(view_func)
        def wrapper(request, *args, **kwargs):
            if not _cacheable_request(request):
                return view_func(request, *args, **kwargs)
            user = request.user
            version_keys = [_user_key(user.pk), _org_key(user.organization_id), GLOBAL_KEY]
            page_key = _page_key(request)
            try:
                found = _cache().get_many([*version_keys, page_key])
                missing = {key: _new_version() for key in version_keys if key not in found}
                if missing:
                    _cache().set_many(missing, timeout=None)
            except Exception:
                logger.exception("page cache unavailable")
                return view_func(request, *args, **kwargs)
            versions = tuple(found.get(key) or missing[key] for key in version_keys)
            entry = found.get(page_key)
            if entry and entry[0] == versions:
                _versions, headers, parts = entry
                if on_hit:
                    on_hit(request, *args, **kwargs)
                response = HttpResponse(_join(request, parts))
                for name, value in headers:
                    response.headers[name] = value
                return response
            response = view_func(request, *args, **kwargs)
            if _storable(request, response):
                entry = (versions, list(response.headers.items()), _split(response.content))
                try:
                    _cache().set(page_key, entry, timeout=settings.PAGE_CACHE_SECONDS)
                except Exception:
                    logger.exception("page cache: could not store %s", page_key)
            return response

        return wrapper

    return decorate(view) if view is not None else decorate
