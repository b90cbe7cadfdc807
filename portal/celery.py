import os

from celery import Celery
from celery.signals import beat_init, celeryd_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

app = Celery("portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


def _long_broker_timeouts(conf) -> None:
    """Workers and beat wait on the broker by design (blocking pops, reconnects): the web
    side's sub-second timeouts and "no retry" would make them give up on a slow moment."""
    from django.conf import settings

    conf.broker_transport_options = settings.WORKER_BROKER_TRANSPORT_OPTIONS
    conf.broker_connection_timeout = 4
    conf.broker_connection_retry = True
    conf.task_publish_retry = True


@celeryd_init.connect
def _worker_broker_timeouts(conf=None, **kwargs):
    _long_broker_timeouts(conf)


@beat_init.connect
def _beat_broker_timeouts(sender=None, **kwargs):
    _long_broker_timeouts(sender.app.conf)
