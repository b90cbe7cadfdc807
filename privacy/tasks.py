from celery import shared_task

from . import services


@shared_task(ignore_result=True)
def export_build_task(export_id: int) -> str:
    """Build one data export and mail its link (safe to run twice)."""
    return services.export_build(export_id=export_id)


@shared_task(ignore_result=True)
def export_purge_task() -> int:
    """Delete expired exports' files."""
    return services.export_purge_expired()
