from django.core.management.base import BaseCommand
from django.db import transaction

from plugin import crypto
from plugin.models import SigningKey


class Command(BaseCommand):
    help = (
        "Re-encrypt every plugin signing secret under the current SECRET_KEY. Run it after rotating "
        "SECRET_KEY with the old value in SECRET_KEY_FALLBACKS; then the fallback can go."
    )

    def handle(self, *args, **options):
        count = 0
        with transaction.atomic():
            for key in SigningKey.objects.select_for_update():
                key.secret_encrypted = crypto.reencrypt(bytes(key.secret_encrypted))
                key.save(update_fields=["secret_encrypted"])
                count += 1
        self.stdout.write(self.style.SUCCESS(f"{count} signing keys re-encrypted."))
