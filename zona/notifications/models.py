"""Notifications: one row per person and event, read in the inbox and e-mailed (at once or in
the daily digest) in the person's language."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    SUBMITTED = "submitted", _("LKE submitted to the TPI")
    RETURNED = "returned", _("LKE returned for revision")
    FINALISED = "finalised", _("LKE final at the TPI")
    PROPOSED = "proposed", _("Unit proposed to KemenPANRB")
    DECIDED = "decided", _("Decision on the predicate")
    REVISION_REPLY = "revision_reply", _("Reply to a revision request")
    MENTION = "mention", _("Mentioned in a comment")
    DEADLINE = "deadline", _("Deadline approaching")
    TIER_PASSED = "tier_passed", _("LKE passed on to your TPI tier")
    TIER_RETURNED = "tier_returned", _("LKE returned to your TPI tier")


class Delivery(models.TextChoices):
    IMMEDIATE = "immediate", _("An e-mail for each notification, right away")
    DIGEST = "digest", _("One e-mail a day with all new notifications")
    NONE = "none", _("No e-mail (inbox only)")


class Preference(models.Model):
    """How a person wants to be told, and in which language their e-mails are written."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preference"
    )
    delivery = models.CharField(
        _("e-mail"), max_length=10, choices=Delivery.choices, default=Delivery.IMMEDIATE
    )
    language = models.CharField(
        _("language of e-mails"), max_length=8, choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
    )  # fmt: skip

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")

    def __str__(self) -> str:
        return f"{self.user}: {self.delivery}, {self.language}"


class NotificationQuerySet(models.QuerySet):
    def for_user(self, user) -> NotificationQuerySet:
        """A person sees their own notifications, nobody else's (administrators included)."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(recipient=user)

    def unread(self) -> NotificationQuerySet:
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    """One event told to one person. `key` names the event: a second notice of the same event
    to the same person is refused by the database, so nothing is ever sent twice."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(_("event"), max_length=20, choices=Kind.choices)
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    link = models.CharField(_("link"), max_length=500)  # a path: the exact place to act
    # The facts the text is written from (names, figures, dates as ISO strings), so that the
    # inbox and the e-mail each speak their reader's language.
    context = models.JSONField(default=dict)
    key = models.CharField(max_length=200)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("e-mailed at"), null=True, blank=True)
    email_batch = models.CharField(max_length=32, blank=True)  # the sending run that claimed it
    email_error = models.CharField(_("e-mail error"), max_length=300, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["recipient", "key"], name="notification_once_per_event")
        ]
        indexes = [
            models.Index(fields=["recipient", "read_at"], name="notification_unread_idx"),
            models.Index(fields=["emailed_at", "recipient"], name="notification_unsent_idx"),
        ]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")

    def __str__(self) -> str:
        return f"{self.recipient} · {self.kind} · {self.key}"

    @property
    def is_read(self) -> bool:
        return self.read_at is not None
