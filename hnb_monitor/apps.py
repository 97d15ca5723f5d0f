from django.apps import AppConfig
from django.conf import settings
from django.db.models.signals import pre_delete


class HnbMonitorConfig(AppConfig):
    name = "hnb_monitor"
    verbose_name = "Authorities and reporting periods"

    def ready(self):
        from hnb_monitor.users import refuse_to_delete_a_user_on_record

        # Who did what must outlive the account: a user on record is deactivated, and
        # deleting one is refused wherever it is tried (hnb_monitor.users).
        pre_delete.connect(
            refuse_to_delete_a_user_on_record,
            sender=settings.AUTH_USER_MODEL,
            dispatch_uid="refuse_to_delete_a_user_on_record",
        )
