from celery import shared_task

from portal.queue import enqueue_now

from . import services


@shared_task(ignore_result=True)
def password_reset_request_process(request_id: int) -> str:
    """Send the reset link of one "Esqueci minha senha" request, if an account matches
    (safe to run twice: the request row is claimed by deleting it)."""
    return services.password_reset_request_process(request_id=request_id)


@shared_task(ignore_result=True)
def password_reset_request_sweep() -> int:
    """Re-queue reset requests the broker never delivered; forget those older than a day."""
    ids = services.password_reset_requests_stalled_ids()
    return sum(enqueue_now(password_reset_request_process, pk) for pk in ids)
