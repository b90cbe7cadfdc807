"""Ticket attachments live in the private storage (portal/storage.py).

This callable stays here because the tickets migrations name it.
"""

from portal.storage import private_storage_proxy


def private_storage():
    """Storage callable for FileFields (referenced by migrations)."""
    return private_storage_proxy
