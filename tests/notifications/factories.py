import factory

from notifications.models import Announcement, Notification
from tests.factories import UserFactory


class NotificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Notification

    recipient = factory.SubFactory(UserFactory)
    kind = Notification.Kind.TICKET
    title = factory.Sequence(lambda n: f"Notificação {n}")
    body = "Texto da notificação."


class AnnouncementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Announcement
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Aviso {n}")
    body = "Manutenção programada no sábado."
    audience = Announcement.Audience.ALL

    @factory.post_generation
    def organizations(self, create, extracted, **kwargs):
        if create and extracted:
            self.organizations.set(extracted)

    @factory.post_generation
    def users(self, create, extracted, **kwargs):
        if create and extracted:
            self.users.set(extracted)
