"""Users are deactivated, never deleted, once anything they did is on record.

Deleting a user would turn every "who changed this" of theirs into "System (data load)"
(django-simple-history clears history_user) and take their name off the returns they
submitted and approved. So the admin offers "Deactivate" instead of delete, and deleting a
user who is on record is refused, from the admin, the shell or any code.
"""

from django.apps import apps
from django.db.models import ProtectedError

from workstreams.models import QuarterlyReturn, TransitionCase, Workstream


def historical_models():
    """Every history table (django-simple-history) that names who made the change."""
    return [
        model
        for model in apps.get_models()
        if any(field.name == "history_user" for field in model._meta.fields)
    ]


def records_of(user) -> list[str]:
    """What names this user: a history, a return they submitted or approved, a case or a
    workstream they lead. Empty for a user who has done nothing yet."""
    found = [
        f"{model._meta.verbose_name_plural}"
        for model in historical_models()
        if model._default_manager.filter(history_user=user).exists()
    ]
    if QuarterlyReturn.objects.filter(submitted_by=user).exists():
        found.append("returns they submitted")
    if QuarterlyReturn.objects.filter(approved_by=user).exists():
        found.append("returns they approved")
    if TransitionCase.objects.filter(team_leader=user).exists():
        found.append("cases they lead")
    if Workstream.objects.filter(leads=user).exists():
        found.append("workstreams they lead")
    return found


def refuse_to_delete_a_user_on_record(sender, instance, **kwargs):
    """pre_delete of the user model (connected in HnbMonitorConfig.ready)."""
    found = records_of(instance)
    if found:
        raise ProtectedError(
            f"{instance.get_username()} is on record ({', '.join(found)}): deactivate the "
            "user instead of deleting them, so that their name stays on what they did.",
            {instance},
        )
