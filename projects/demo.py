"""Demo projects for the demo company. Idempotent: running it twice changes nothing.

Rows are written directly (not through services) so loading demo data notifies nobody. Due
dates are relative to today, so the demo always shows a milestone in progress, a late one
and the next one ahead.
"""

from datetime import timedelta

from django.core.files.base import ContentFile
from django.utils import timezone

from portal.attachments import safe_content_type

from .models import Milestone, Project, ProjectUpdate, UpdateComment, UpdateFile

DONE, DOING, TODO = Milestone.State.DONE, Milestone.State.IN_PROGRESS, Milestone.State.TODO

PROJECTS = [
    {
        "name": "Portal de vendas B2B",
        "description": "Loja on-line para os revendedores, integrada ao ERP.",
        "status": Project.Status.IN_PRODUCTION,
        "expected_delivery": 45,
        # (title, state, due in days from today, weight)
        "milestones": [
            ("Levantamento de requisitos", DONE, -60, 1),
            ("Protótipo das telas", DONE, -30, 2),
            ("Integração com o ERP", DOING, -3, 3),
            ("Preços por tabela", TODO, 14, 2),
            ("Testes com revendedores", TODO, 35, 2),
        ],
        "updates": [
            {
                "body": "Protótipo **aprovado** pela equipe comercial. Iniciamos a integração com o ERP.",
                "files": [
                    ("prototipo-telas.txt", "Telas aprovadas: catálogo, carrinho, pedido, histórico.\n")
                ],
                "comments": [("ana", "Ótimo! O catálogo pode mostrar o estoque por filial?")],
            },
            {
                "body": (
                    "Integração de pedidos concluída em homologação. Faltam:\n\n"
                    "- preços por tabela;\n- limite de crédito por revendedor."
                ),
                "files": [],
                "comments": [],
            },
        ],
    },
    {
        "name": "Migração do servidor de e-mail",
        "description": "Troca do servidor de e-mail corporativo, sem perda de mensagens.",
        "status": Project.Status.FINISHED,
        "expected_delivery": -20,
        "delivered_on": -22,
        "milestones": [
            ("Inventário das contas", DONE, -50, 1),
            ("Migração das caixas", DONE, -30, 3),
            ("Desligamento do servidor antigo", DONE, -22, 1),
        ],
        "updates": [
            {
                "body": "Migração concluída. Todas as caixas estão no novo servidor.",
                "files": [],
                "comments": [],
            }
        ],
    },
]


def load(ctx: dict) -> None:
    organization, staff = ctx["organization"], ctx.get("equipe")
    today = timezone.localdate()

    def day(offset):
        return None if offset is None else today + timedelta(days=offset)

    for spec in PROJECTS:
        project, _ = Project.objects.get_or_create(
            organization=organization,
            name=spec["name"],
            defaults={
                "description": spec["description"],
                "status": spec["status"],
                "manager": staff,
                "expected_delivery": day(spec["expected_delivery"]),
                "delivered_on": day(spec.get("delivered_on")),
            },
        )
        for position, (title, state, due, weight) in enumerate(spec["milestones"], start=1):
            Milestone.objects.get_or_create(
                project=project,
                title=title,
                defaults={
                    "state": state,
                    "position": position,
                    "due_date": day(due),
                    "weight": weight,
                    "completed_at": timezone.now() if state == DONE else None,
                },
            )
        for update_spec in spec["updates"]:
            update, _ = ProjectUpdate.objects.get_or_create(
                project=project, body=update_spec["body"], defaults={"author": staff}
            )
            for name, text in update_spec["files"]:
                if not update.files.filter(name=name).exists():
                    content = text.encode()
                    row = UpdateFile(
                        update=update, name=name, size=len(content), content_type=safe_content_type(name)
                    )
                    row.file.save(name, ContentFile(content), save=True)
            for username, body in update_spec["comments"]:
                if (author := ctx.get(username)) is not None:
                    UpdateComment.objects.get_or_create(update=update, author=author, body=body)
