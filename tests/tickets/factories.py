import factory

from tests.factories import UserFactory
from tickets.models import Attachment, Message, Sector, Ticket


class SectorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Sector
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Setor {n}")
    email = factory.LazyAttribute(lambda s: f"{s.name.lower().replace(' ', '')}@portal.example.com")
    order = factory.Sequence(lambda n: n + 10)


def default_sector():
    return Sector.objects.get(is_default=True)


class TicketFactory(factory.django.DjangoModelFactory):
    """A ticket with its first message (the description) written by the customer."""

    class Meta:
        model = Ticket
        skip_postgeneration_save = True

    customer = factory.SubFactory(UserFactory)
    organization = factory.LazyAttribute(lambda t: t.customer.organization)
    sector = factory.LazyFunction(default_sector)
    subject = factory.Sequence(lambda n: f"Assunto do chamado {n}")

    @factory.post_generation
    def description(self, create, extracted, **kwargs):
        if create and extracted is not False:
            Message.objects.create(
                ticket=self,
                author=self.customer,
                body=extracted or "Descrição do problema.",
                created_at=self.created_at,
            )


class MessageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Message

    ticket = factory.SubFactory(TicketFactory)
    author = factory.LazyAttribute(lambda m: m.ticket.customer)
    body = factory.Sequence(lambda n: f"Mensagem {n}")


class AttachmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Attachment

    message = factory.SubFactory(MessageFactory)
    name = "documento.txt"
    file = factory.django.FileField(filename="documento.txt", data=b"conteudo do anexo")
    size = factory.LazyAttribute(lambda a: a.file.size)
