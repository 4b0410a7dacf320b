"""System checks that flag an unsafe wagtail-transfer configuration (ids comcep.E001–E005, W001)."""

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register

from .keys import key_problem
from .policy import sensitive_model_labels


@register(Tags.security)
def check_transfer_configuration(app_configs=None, **kwargs):
    messages = []
    problem = key_problem(getattr(settings, "WAGTAILTRANSFER_SECRET_KEY", ""))
    if problem:
        messages.append(
            Error(
                f"WAGTAILTRANSFER_SECRET_KEY {problem}: anyone can sign requests to the "
                "wagtail-transfer API.",
                hint="Set it to at least 50 random characters, e.g. "
                "python -c 'import secrets; print(secrets.token_urlsafe(48))'.",
                id="comcep.E001",
            )
        )

    for name, source in getattr(settings, "WAGTAILTRANSFER_SOURCES", {}).items():
        problem = key_problem(source.get("SECRET_KEY", ""))
        if problem:
            messages.append(
                Error(
                    f"The SECRET_KEY of the wagtail-transfer source {name!r} {problem}.",
                    hint="Use the source's own WAGTAILTRANSFER_SECRET_KEY.",
                    id="comcep.E002",
                )
            )
        if not str(source.get("BASE_URL", "")).endswith("/wagtail-transfer/"):
            messages.append(
                Error(
                    f"The BASE_URL of the wagtail-transfer source {name!r} does not end with "
                    "'/wagtail-transfer/'.",
                    hint="e.g. https://source.example/wagtail-transfer/",
                    id="comcep.E003",
                )
            )

    no_follow = {
        label.lower() for label in getattr(settings, "WAGTAILTRANSFER_NO_FOLLOW_MODELS", ())
    }
    missing = sorted(sensitive_model_labels() - no_follow)
    if missing:
        messages.append(
            Error(
                "WAGTAILTRANSFER_NO_FOLLOW_MODELS lets an import follow sensitive models: "
                + ", ".join(missing)
                + ".",
                hint="Add them to WAGTAILTRANSFER_NO_FOLLOW_MODELS.",
                id="comcep.E004",
            )
        )

    exportable = {
        label.lower() for label in getattr(settings, "WAGTAILTRANSFER_EXPORTABLE_MODELS", ())
    }
    leaking = sorted(exportable & sensitive_model_labels())
    if leaking:
        messages.append(
            Error(
                "WAGTAILTRANSFER_EXPORTABLE_MODELS lists sensitive models, which are never "
                "exported: " + ", ".join(leaking) + ".",
                hint="Remove them from WAGTAILTRANSFER_EXPORTABLE_MODELS.",
                id="comcep.E005",
            )
        )

    if getattr(settings, "WAGTAILTRANSFER_EXPORT_UNPUBLISHED", False):
        messages.append(
            Warning(
                "WAGTAILTRANSFER_EXPORT_UNPUBLISHED is on: drafts, private and scheduled pages "
                "are exported to any instance that holds the key.",
                hint="Turn it on only between instances you run yourself.",
                id="comcep.W001",
            )
        )
    return messages
