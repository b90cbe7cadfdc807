"""Demo: one team notice, sent to the demo company, so ana opens the portal to an unread bell.

Idempotent: the notice is found by title and sent only once (announcement_send claims it).
"""

from .models import Announcement
from .services import announcement_send

TITLE = "Bem-vindo à nova área do cliente"
BODY = """Olá! Agora você acompanha tudo em um só lugar:

- **Meus chamados**: abra e acompanhe seus chamados;
- **Meus projetos**: veja o andamento de cada etapa;
- **Ideias e melhorias**: vote nas ideias que mais ajudam a sua empresa.

Você recebe as notificações também por e-mail; para desligar, acesse *Meus dados*."""


def load(ctx: dict) -> None:
    announcement, created = Announcement.objects.get_or_create(
        title=TITLE,
        defaults={
            "body": BODY,
            "audience": Announcement.Audience.ORGANIZATIONS,
            "created_by": ctx.get("equipe"),
        },
    )
    if created:
        announcement.organizations.add(ctx["organization"])
    if not announcement.is_sent:
        announcement_send(announcement_id=announcement.pk)
