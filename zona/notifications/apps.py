from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "zona.notifications"
    verbose_name = _("Notifications")

    def ready(self):
        # The Celery app, so that `.delay()` anywhere finds its configuration. Here rather than
        # in zona/__init__.py: the pure core (zona.lke) stays importable without Celery.
        import zona.celery  # noqa: F401
