"""Users are deactivated, never deleted, once anything they did is on record.

Deleting a user would turn every "who changed this" of theirs into "System (data load)"
(django-simple-history clears history_user) and take their name off the returns they
submitted and approved. So the admin offers "Deactivate" instead of delete, and deleting a
user who is on record is refused, from the admin, the shell or any code.
"""

from django.db.models import CASCADE, ProtectedError


def records_of(user) -> list[str]:
    """What names this user: a history entry, a return they submitted or approved, a case
    or a workstream they lead: every relation to the user model that does not cascade
    (memberships and the admin's log go with the user). Empty for a user who has done
    nothing yet."""
    found = []
    relations = user._meta.get_fields(include_hidden=True)  # history_user is hidden ("+")
    for relation in (f for f in relations if f.auto_created and not f.concrete):
        if relation.one_to_many and relation.on_delete is CASCADE:
            continue
        manager = relation.related_model._default_manager
        if manager.filter(**{relation.field.name: user}).exists():
            model = relation.related_model._meta.verbose_name_plural
            found.append(f"{model} ({relation.field.verbose_name})")
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
