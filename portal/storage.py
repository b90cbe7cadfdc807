"""Where files live. The "private" alias of settings.STORAGES is never a public URL: FileFields
hold a lazy proxy rather than the backend itself, because Django evaluates a storage callable
once, when the model class is built, so a settings change (tests override STORAGES) would
otherwise go unnoticed. S3-compatible storage for both aliases: portal/s3.py.
"""

from django.core.files.storage import storages
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.functional import LazyObject, empty


class PrivateStorage(LazyObject):
    def _setup(self):
        self._wrapped = storages["private"]


private_storage_proxy = PrivateStorage()


def private_storage():
    """Storage callable for FileFields (referenced by migrations)."""
    return private_storage_proxy


@receiver(setting_changed)
def _reset_private_storage(*, setting, **kwargs):
    if setting == "STORAGES":
        private_storage_proxy._wrapped = empty  # type: ignore[assignment]  # LazyObject sentinel
