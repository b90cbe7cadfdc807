from accounts.people import Person

from .models import Integration


def integration_for(*, user: Person, integration_id):
    """The plugin session's integration, if it is still active and of the user's company."""
    if not integration_id or not user.is_authenticated or not user.organization_id:
        return None
    return (
        Integration.objects.active()
        .select_related("system")
        .filter(pk=integration_id, organization_id=user.organization_id)
        .first()
    )
