from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "zona.notifications"
    verbose_name = _("Notifications")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        # The Celery app, so that `.delay()` anywhere finds its configuration. Here rather than
        # in zona/__init__.py: the pure core (zona.lke) stays importable without Celery.
        import zona.celery  # noqa: F401

        from .access import count_on_login

        user_logged_in.connect(count_on_login, dispatch_uid="zona.notifications.count_on_login")
