"""Demo ideas with some votes and ratings. Idempotent: running it twice changes nothing."""

from .models import Idea, Rating, Vote
from .services import idea_publish

IDEAS = [
    (
        "Aplicativo para celular",
        "Acompanhar chamados e projetos pelo celular, com notificações.",
        Idea.Status.PLANNED,
        {"ana": 5, "bruno": 4},
    ),
    (
        "Relatórios em PDF",
        "Exportar os relatórios de vendas em PDF, prontos para enviar por e-mail.",
        Idea.Status.IN_DEVELOPMENT,
        {"bruno": 5},
    ),
    (
        "Integração com o WhatsApp",
        "Receber as respostas dos chamados também pelo WhatsApp.",
        Idea.Status.UNDER_REVIEW,
        {"ana": 3},
    ),
    (
        "Modo escuro",
        "Um tema escuro para quem trabalha à noite.",
        Idea.Status.DONE,
        {},
    ),
]


def load(ctx: dict) -> None:
    for title, description, status, ratings in IDEAS:
        idea, _ = Idea.objects.get_or_create(
            title=title, defaults={"description": description, "status": status}
        )
        idea_publish(idea=idea)
        for username, score in ratings.items():
            user = ctx[username]
            Vote.objects.get_or_create(idea=idea, user=user)
            Rating.objects.get_or_create(idea=idea, user=user, defaults={"score": score})
