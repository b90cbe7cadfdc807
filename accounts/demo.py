"""Demo organization and people. Idempotent: running it twice changes nothing."""

from .models import Organization, User

DEMO_PASSWORD = "portal-demo-2026"


def load(ctx: dict) -> None:
    org, _ = Organization.objects.get_or_create(
        name="Acme Indústria Ltda", defaults={"cnpj": "11.222.333/0001-81", "share_tickets": True}
    )
    people = [
        ("ana", "ana@acme.example.com", "Ana", "Souza", False),
        ("bruno", "bruno@acme.example.com", "Bruno", "Lima", False),
        ("equipe", "equipe@portal.example.com", "Carla", "Suporte", True),
    ]
    for username, email, first, last, staff in people:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "email": email,
                "first_name": first,
                "last_name": last,
                "organization": None if staff else org,
                "is_staff": staff,
                "is_superuser": staff,
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        ctx[username] = user
    ctx["organization"] = org
