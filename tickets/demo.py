"""Demo sectors and tickets. Idempotent: a second run finds what the first created.

Rows are written directly (not through services) so loading the demo sends no e-mail.
"""

from datetime import timedelta

from django.utils import timezone

from .models import CannedReply, Message, Sector, Ticket, TicketChange, TicketRead

SECTORS = [
    # name, name in English, e-mail, order, default
    ("Suporte", "Support", "suporte@portal.example.com", 0, True),
    ("Financeiro", "Billing", "financeiro@portal.example.com", 1, False),
    ("Comercial", "Sales", "comercial@portal.example.com", 2, False),
    ("Desenvolvimento", "Development", "desenvolvimento@portal.example.com", 3, False),
]

S = Ticket.Status

# customer, sector, subject, final status, assigned, conversation [(who, days ago, text, internal)]
TICKETS = [
    (
        "ana",
        "Suporte",
        "Erro ao emitir nota fiscal",
        S.WAITING_CUSTOMER,
        True,
        [
            (
                "customer",
                6,
                "Ao emitir a nota fiscal de venda aparece a mensagem “Falha na assinatura do XML”.\n"
                "Módulo: Faturamento\nRotina: Emissão de NF-e\n\nO erro começou hoje pela manhã.",
                False,
            ),
            ("staff", 5.9, "Certificado digital da Acme vence amanhã; verificar se é isso.", True),
            (
                "staff",
                5.8,
                "Olá, Ana! O certificado digital instalado está perto do vencimento e isso causa a falha.\n"
                "Pode nos enviar o novo certificado (arquivo .pfx)? Veja também: "
                "https://suporte.cimsw.com.br/artigos/certificado-digital/",
                False,
            ),
        ],
    ),
    (
        "ana",
        "Financeiro",
        "Boleto de novembro em duplicidade",
        S.RESOLVED,
        True,
        [
            ("customer", 12, "Recebemos dois boletos com vencimento em 10/11. Qual devemos pagar?", False),
            (
                "staff",
                11,
                "Olá! O segundo boleto foi gerado por engano e já foi cancelado. Pague apenas o primeiro.",
                False,
            ),
            ("customer", 10.5, "Perfeito, obrigada!", False),
        ],
    ),
    (
        "ana",
        "Suporte",
        "Lentidão no relatório de vendas",
        S.NEW,
        False,
        [
            (
                "customer",
                0.2,
                "O relatório de vendas por vendedor está levando mais de 5 minutos para abrir.\n"
                "Módulo: Vendas\nRotina: Relatórios > Vendas por vendedor",
                False,
            )
        ],
    ),
    (
        "bruno",
        "Comercial",
        "Treinamento para novos usuários",
        S.IN_PROGRESS,
        True,
        [
            ("customer", 3, "Contratamos três pessoas no financeiro. Vocês oferecem treinamento?", False),
            ("staff", 2.5, "Oferecemos sim! Vou enviar as datas disponíveis ainda esta semana.", False),
        ],
    ),
    (
        "bruno",
        "Desenvolvimento",
        "Integração com a API de pedidos",
        S.CLOSED,
        True,
        [
            ("customer", 40, "Precisamos importar pedidos do nosso e-commerce automaticamente.", False),
            ("staff", 39, "A integração foi publicada. A documentação está no seu e-mail.", False),
        ],
    ),
]

# Respostas prontas: title, sector (None: every sector), text.
CANNED_REPLIES = [
    ("Saudação", None, "Olá! Obrigado pelo contato. Já estamos verificando e retornamos em breve."),
    (
        "Certificado digital vencido",
        "Suporte",
        "O erro indica que o certificado digital venceu. Renove-o, instale-o de novo e tente emitir a nota.",
    ),
    ("Segunda via de boleto", "Financeiro", "Segue a segunda via do boleto, com vencimento atualizado."),
]


def load(ctx: dict) -> None:
    for name, name_en, email, order, default in SECTORS:
        sector, _ = Sector.objects.get_or_create(
            name=name, defaults={"name_en": name_en, "email": email, "order": order, "is_default": default}
        )
        if (default and not sector.is_default) or not sector.name_en:
            # A database filled before English names existed gets them on the next run.
            sector.is_default = sector.is_default or default
            sector.name_en = sector.name_en or name_en
            sector.save()
    sectors = {s.name: s for s in Sector.objects.all()}
    for title, sector_name, body in CANNED_REPLIES:
        CannedReply.objects.get_or_create(
            title=title, defaults={"sector": sectors.get(sector_name) if sector_name else None, "body": body}
        )
    staff = ctx["equipe"]
    now = timezone.now()
    for username, sector_name, subject, status, assigned, conversation in TICKETS:
        customer = ctx[username]
        if Ticket.objects.filter(customer=customer, subject=subject).exists():
            continue
        opened = now - timedelta(days=conversation[0][1])
        ticket = Ticket.objects.create(
            customer=customer,
            organization=customer.organization,
            sector=sectors[sector_name],
            subject=subject,
            assignee=staff if assigned else None,
            created_at=opened,
            last_activity_at=opened,
            waiting_since=opened,
        )
        for who, days, text, internal in conversation:
            at = now - timedelta(days=days)
            author = customer if who == "customer" else staff
            Message.objects.create(ticket=ticket, author=author, body=text, internal=internal, created_at=at)
            if internal:
                continue
            ticket.last_activity_at = at
            if who == "customer":
                ticket.waiting_since = ticket.waiting_since or at
            else:
                ticket.waiting_since = None
                ticket.staff_updated_at = at
        if status != S.NEW:
            at = ticket.last_activity_at + timedelta(minutes=1)
            TicketChange.objects.create(
                ticket=ticket,
                actor=staff,
                field=TicketChange.Field.STATUS,
                old_value=S.NEW,
                new_value=status,
                created_at=at,
            )
            ticket.status = status
            ticket.last_activity_at = at
            ticket.staff_updated_at = at
            if status not in Ticket.OPEN_STATUSES:
                ticket.waiting_since = None
        ticket.save()
        # Everything has been read but the newest team answer of Ana's first ticket, so
        # "Meus chamados" shows one "new reply" marker.
        for reader in (ctx["ana"], ctx["bruno"]):
            if not (reader == customer and status == S.WAITING_CUSTOMER):
                TicketRead.objects.get_or_create(ticket=ticket, user=reader, defaults={"read_at": now})
