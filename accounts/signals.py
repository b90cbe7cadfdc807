from allauth.account.models import EmailAddress
from django.conf import settings
from django.db.models.signals import post_save
from django.dispatch import receiver


@receiver(post_save, sender=settings.AUTH_USER_MODEL)
def forget_old_email_addresses(sender, instance, created, update_fields=None, **kwargs):
    """allauth also looks users up by its EmailAddress rows: when the e-mail changes
    (Meus dados, admin), an old address must not keep working for login or reset."""
    if created or (update_fields is not None and "email" not in update_fields):
        return
    EmailAddress.objects.filter(user=instance).exclude(email__iexact=instance.email).delete()
