"""Demo ideas with votes, ratings, a status history with the team's notes, comments (one a
team answer), a suggestion waiting for review and a merged duplicate. Idempotent: running it
twice changes nothing. Written through the services, so the kept counters are right and the
voters' notifications exist (the bell and "Atividade recente" show them)."""

from .models import Category, Comment, Idea, Rating, Vote
from .services import (
    idea_comment,
    idea_merge,
    idea_publish,
    idea_rate,
    idea_status_set,
    idea_suggest,
    idea_vote_set,
)

# name, name in English
CATEGORIES = [
    ("Sistema de vendas", "Sales system"),
    ("Portal do cliente", "Customer area"),
    ("Aplicativo", "App"),
]

# title, description, category, status walk (status, team note), ratings by username
IDEAS = [
    (
        "Aplicativo para celular",
        "Acompanhar chamados e projetos pelo celular, com notificações.",
        "Aplicativo",
        [(Idea.Status.PLANNED, "Está no nosso planejamento para o próximo trimestre.")],
        {"ana": 5, "bruno": 4},
    ),
    (
        "Relatórios em PDF",
        "Exportar os relatórios de vendas em PDF, prontos para enviar por e-mail.",
        "Sistema de vendas",
        [
            (Idea.Status.PLANNED, "Vamos começar pelos relatórios de vendas do mês."),
            (Idea.Status.IN_DEVELOPMENT, "Começamos! A primeira versão sai na próxima atualização."),
        ],
        {"bruno": 5, "ana": 4},
    ),
    (
        "Integração com o WhatsApp",
        "Receber as respostas dos chamados também pelo WhatsApp.",
        "Portal do cliente",
        [],
        {"ana": 3},
    ),
    (
        "Modo escuro",
        "Um tema escuro para quem trabalha à noite.",
        "Portal do cliente",
        [
            (Idea.Status.PLANNED, ""),
            (Idea.Status.IN_DEVELOPMENT, ""),
            (Idea.Status.DONE, "Disponível para todos: escolha o tema em Meus dados."),
        ],
        {},
    ),
    (
        "Impressão de etiquetas em lote",
        "Imprimir as etiquetas de todos os pedidos do dia de uma vez.",
        "Sistema de vendas",
        [(Idea.Status.WONT_DO, "O novo módulo de expedição já imprime as etiquetas em lote.")],
        {"bruno": 2},
    ),
]

COMMENTS = {
    "Relatórios em PDF": [
        ("ana", "Seria ótimo poder agendar o envio automático toda segunda-feira."),
        ("equipe", "Boa ideia, Ana! O agendamento entra logo depois da primeira versão."),
        ("bruno", "Aqui usamos muito o relatório por vendedor, tomara que venha junto."),
    ],
    "Aplicativo para celular": [
        ("bruno", "Notificações no celular ajudariam muito a nossa equipe de campo.")
    ],
}

SUGGESTION = (
    "Exportar pedidos para o Excel",
    "Uma planilha com os pedidos do período, para a contabilidade.",
)
DUPLICATE = ("Relatório de vendas em PDF", "Gerar o relatório de vendas em PDF.")


def _idea(title: str, description: str, category: Category | None) -> tuple[Idea, bool]:
    idea, created = Idea.objects.get_or_create(
        title=title, defaults={"description": description, "category": category}
    )
    idea_publish(idea=idea)
    return idea, created


def load(ctx: dict) -> None:
    categories = {}
    for name, name_en in CATEGORIES:
        category, _ = Category.objects.get_or_create(name=name, defaults={"name_en": name_en})
        if not category.name_en:
            # A database filled before English names existed gets them on the next run.
            Category.objects.filter(pk=category.pk).update(name_en=name_en)
        categories[name] = category
    staff = ctx.get("equipe")
    people = {name: ctx[name] for name in ("ana", "bruno", "equipe") if name in ctx}

    for title, description, category, walk, ratings in IDEAS:
        idea, _ = _idea(title, description, categories[category])
        for username, score in ratings.items():
            user = people[username]
            if not Vote.objects.filter(idea=idea, user=user).exists():
                idea_vote_set(idea=idea, user=user, voted=True)
            if not Rating.objects.filter(idea=idea, user=user).exists():
                idea_rate(idea=idea, user=user, score=score)
        if walk and not idea.status_changes.exists():
            Idea.objects.filter(pk=idea.pk).update(status=Idea.Status.UNDER_REVIEW)
            idea.status = Idea.Status.UNDER_REVIEW
            for status, note in walk:
                idea_status_set(idea=idea, status=status, note=note, by=staff)
        if not Comment.objects.filter(idea=idea).exists():
            for username, body in COMMENTS.get(title, []):
                if username in people:
                    idea_comment(idea=idea, author=people[username], body=body)

    if "bruno" in people and not Idea.objects.filter(title=SUGGESTION[0]).exists():
        idea_suggest(user=people["bruno"], title=SUGGESTION[0], description=SUGGESTION[1])

    duplicate, created = _idea(*DUPLICATE, categories["Sistema de vendas"])
    if created and "ana" in people:
        idea_vote_set(idea=duplicate, user=people["ana"], voted=True)
    if duplicate.merged_into_id is None:
        idea_merge(duplicate=duplicate, target=Idea.objects.get(title="Relatórios em PDF"), by=staff)
