"""The Django admin covers every model of ours, and a superuser can open each one's pages."""

import pytest
from django.apps import apps
from django.contrib import admin

OUR_APPS = ["hnb_monitor", "workstreams", "forecasts", "reports"]


def our_models():
    return [
        model
        for label in OUR_APPS
        if label in {config.label for config in apps.get_app_configs()}
        for model in apps.get_app_config(label).get_models()
        # django-simple-history's shadow tables are shown through each model's history page.
        if not model.__name__.startswith("Historical")
    ]


def inline_models():
    return {
        inline.model
        for model_admin in admin.site._registry.values()
        for inline in model_admin.inlines
    }


def test_every_model_is_registered_in_the_admin():
    missing = [
        model.__name__
        for model in our_models()
        if not admin.site.is_registered(model) and model not in inline_models()
    ]
    assert missing == []


@pytest.mark.parametrize(
    "model",
    [model for model in our_models() if admin.site.is_registered(model)],
    ids=lambda model: model.__name__,
)
def test_a_superuser_opens_each_models_list_and_add_page(model, admin_client, demo):
    meta = model._meta
    changelist = admin_client.get(f"/admin/{meta.app_label}/{meta.model_name}/")
    assert changelist.status_code == 200
    first = model.objects.first()
    if first is not None:
        change = admin_client.get(f"/admin/{meta.app_label}/{meta.model_name}/{first.pk}/change/")
        assert change.status_code == 200
