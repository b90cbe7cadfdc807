from celery import shared_task

from .tokens import used_tokens_purge


@shared_task
def used_tokens_purge_task() -> int:
    """Forget the ids of spent tokens once those tokens have expired (safe to run twice)."""
    return used_tokens_purge()
