"""Demo projects for the demo company. Idempotent: running it twice changes nothing.

Rows are written directly (not through services) so loading demo data notifies nobody.
"""

from .models import Milestone, Project, ProjectUpdate

PROJECTS = [
    {
        "name": "Portal de vendas B2B",
        "description": "Loja on-line para os revendedores, integrada ao ERP.",
        "status": Project.Status.IN_PRODUCTION,
        "milestones": [
            ("Levantamento de requisitos", True),
            ("Protótipo das telas", True),
            ("Integração com o ERP", False),
            ("Testes com revendedores", False),
        ],
        "updates": [
            "Protótipo aprovado pela equipe comercial. Iniciamos a integração com o ERP.",
            "Integração de pedidos concluída em homologação; faltam os preços por tabela.",
        ],
    },
    {
        "name": "Migração do servidor de e-mail",
        "description": "Troca do servidor de e-mail corporativo, sem perda de mensagens.",
        "status": Project.Status.FINISHED,
        "milestones": [
            ("Inventário das contas", True),
            ("Migração das caixas", True),
            ("Desligamento do servidor antigo", True),
        ],
        "updates": ["Migração concluída. Todas as caixas estão no novo servidor."],
    },
]


def load(ctx: dict) -> None:
    organization, staff = ctx["organization"], ctx.get("equipe")
    for spec in PROJECTS:
        project, _ = Project.objects.get_or_create(
            organization=organization,
            name=spec["name"],
            defaults={"description": spec["description"], "status": spec["status"]},
        )
        for position, (title, done) in enumerate(spec["milestones"], start=1):
            Milestone.objects.get_or_create(
                project=project, title=title, defaults={"done": done, "position": position}
            )
        for body in spec["updates"]:
            ProjectUpdate.objects.get_or_create(project=project, body=body, defaults={"author": staff})
