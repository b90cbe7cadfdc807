"""A real Celery publisher pointed at a broker that refuses connections, or at one that
accepts them and never answers (a few lines of asyncio), instead of the eager test mode."""

import asyncio
import socket
import threading

import pytest

from portal import queue
from portal.celery import app as celery_app
from tests.security.conftest import world  # noqa: F401 - the security tests' objects


def _use_broker(url: str):
    celery_app.conf.task_always_eager = False
    celery_app.conf.broker_url = url
    # Drop connections (and producer pools) made for another broker URL.
    celery_app._pool = None
    celery_app.amqp._producer_pool = None
    queue.reset()


@pytest.fixture
def broker():
    """broker(url): publish for real to `url` during the test; eager again afterwards."""
    old_url = celery_app.conf.broker_url
    yield _use_broker
    _use_broker(old_url)
    celery_app.conf.task_always_eager = True


@pytest.fixture
def refused_broker(broker):
    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    broker(f"redis://127.0.0.1:{port}/0")
    return port


@pytest.fixture
def hung_broker(broker):
    """Accepts TCP connections, reads nothing, answers nothing (Redis under `kill -STOP`)."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen()
    loop = asyncio.new_event_loop()

    async def handle(reader, writer):
        await asyncio.Event().wait()

    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    asyncio.run_coroutine_threadsafe(asyncio.start_server(handle, sock=sock), loop).result(timeout=5)
    broker(f"redis://127.0.0.1:{sock.getsockname()[1]}/0")
    yield
    loop.call_soon_threadsafe(loop.stop)
    thread.join(timeout=5)
