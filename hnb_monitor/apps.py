from django.apps import AppConfig


class HnbMonitorConfig(AppConfig):
    name = "hnb_monitor"
    verbose_name = "Authorities and reporting periods"
