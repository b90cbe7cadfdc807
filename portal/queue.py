"""The one way the portal hands work to Celery from a request: after the transaction commits,
bounded in time, and never turning a broker problem into an error for the person.

Everything queued here is also recorded in the database (an outbox row, an announcement
waiting to be sent), and a beat sweep re-queues what was not published: so a publish that
fails is logged and left to the sweep. With the broker refusing connections that is
immediate; with a hung broker each publish gives up after the short socket timeouts of the
web side (settings: CELERY_BROKER_TRANSPORT_OPTIONS, no publish retry), and after one
failure this process skips publishing for BROKER_DOWN_SECONDS, so a request that queues
several tasks waits for the broker once, not once per task.
"""

from __future__ import annotations

import logging
import time

from django.db import transaction

logger = logging.getLogger("portal.queue")

BROKER_DOWN_SECONDS = 10.0
# Not shared state: a per-process hint that only skips waiting; the sweeps make it right.
_broker_down_until = 0.0


def _task(task):
    """A task, or its registered name (for a module the task's module itself imports)."""
    if isinstance(task, str):
        from portal.celery import app

        if task not in app.tasks:
            # A web process imports the apps' task modules only when asked (workers do at boot).
            app.loader.import_default_modules()
        return app.tasks[task]
    return task


def _publish(task, args: tuple, *, from_request: bool) -> bool:
    global _broker_down_until
    task = _task(task)
    if from_request and time.monotonic() < _broker_down_until:
        logger.warning("Broker recently unavailable: %s%r left to the periodic sweep.", task.name, args)
        return False
    try:
        task.apply_async(args=args)
    except Exception as exc:  # refused, timed out, misconfigured: the sweep will publish it
        if from_request:
            _broker_down_until = time.monotonic() + BROKER_DOWN_SECONDS
        error = f"{type(exc).__name__}: {exc}"
        logger.warning("Could not queue %s%r (%s); the periodic sweep will.", task.name, args, error)
        return False
    return True


def enqueue_on_commit(task, *args) -> None:
    """Publish `task(*args)` once the current transaction commits (at once outside one).
    `task` is a Celery task or its registered name."""

    def publish_after_commit():
        _publish(task, args, from_request=True)

    # Django names the callback in its log if it raises: make that name useful.
    publish_after_commit.__qualname__ = f"enqueue_on_commit[{task if isinstance(task, str) else task.name}]"
    transaction.on_commit(publish_after_commit, robust=True)


def enqueue_now(task, *args) -> bool:
    """Publish from a task or the beat (no transaction to wait for, nobody waiting on it,
    so it always tries). False if it failed."""
    return _publish(task, args, from_request=False)


def reset() -> None:
    """Forget a recent broker failure (tests; a process that knows the broker is back)."""
    global _broker_down_until
    _broker_down_until = 0.0
