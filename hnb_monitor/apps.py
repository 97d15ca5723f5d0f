from django.apps import AppConfig
from django.conf import settings
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save, pre_delete


class HnbMonitorConfig(AppConfig):
    name = "hnb_monitor"
    verbose_name = "Authorities and reporting periods"

    def ready(self):
        from hnb_monitor import caching
        from hnb_monitor.users import refuse_to_delete_a_user_on_record

        # Who did what must outlive the account: a user on record is deactivated, and
        # deleting one is refused wherever it is tried (hnb_monitor.users).
        pre_delete.connect(
            refuse_to_delete_a_user_on_record,
            sender=settings.AUTH_USER_MODEL,
            dispatch_uid="refuse_to_delete_a_user_on_record",
        )
        # Any change may show on a cached page: hnb_monitor.caching decides which.
        post_save.connect(caching.saved_or_deleted, dispatch_uid="cache_saved")
        post_delete.connect(caching.saved_or_deleted, dispatch_uid="cache_deleted")
        m2m_changed.connect(caching.links_changed, dispatch_uid="cache_links")
        post_migrate.connect(create_cache_table, sender=self, dispatch_uid="cache_table")


def create_cache_table(using="default", **kwargs):
    """`migrate` makes the database cache's table too, so no deploy can forget it."""
    from django.core.management import call_command

    call_command("createcachetable", database=using, verbosity=0)
