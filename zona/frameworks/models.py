from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zona.lke import Framework, load_framework_text

_PARSED: dict[str, Framework] = {}  # sha256 → framework; a version's source never changes


class FrameworkVersion(models.Model):
    """One LKE framework file as loaded. Immutable: a correction is a new version.

    Evaluations pin a row of this table, so a new version never changes an old evaluation.
    """

    code = models.SlugField(_("code"), max_length=50)
    version = models.CharField(_("version"), max_length=30)
    name = models.CharField(_("name"), max_length=255)
    source = models.TextField(_("framework file (YAML)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    question_count = models.PositiveIntegerField(_("questions"))
    builtin = models.BooleanField(_("shipped with Zona"), default=False)
    is_active = models.BooleanField(
        _("active"), default=True, help_text=_("Offered for new evaluations.")
    )
    loaded_at = models.DateTimeField(_("loaded at"), default=timezone.now)
    loaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("loaded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["code", "-loaded_at"]
        constraints = [
            models.UniqueConstraint(fields=["code", "version"], name="framework_code_version"),
            models.UniqueConstraint(
                fields=["code"],
                condition=models.Q(is_active=True),
                name="framework_one_active_per_code",
            ),
        ]
        verbose_name = _("LKE framework")
        verbose_name_plural = _("LKE frameworks")

    def __str__(self) -> str:
        return f"{self.code}@{self.version}"

    def framework(self) -> Framework:
        """The parsed framework, cached per process by checksum."""
        parsed = _PARSED.get(self.sha256)
        if parsed is None:
            parsed = load_framework_text(self.source)
            if parsed.source_sha256 != self.sha256:
                raise ValueError(f"{self}: stored source does not match its checksum")
            _PARSED[self.sha256] = parsed
        return parsed
