from django import forms
from django.contrib import admin, messages
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from zona.lke import FrameworkError, load_framework_text

from .actions import FrameworkConflict, activate_framework, load_framework
from .models import FrameworkVersion

MAX_FILE_BYTES = 2 * 1024 * 1024


class FrameworkUploadForm(forms.ModelForm):
    """Loading a framework file: validated by the LKE loader, every problem listed."""

    file = forms.FileField(
        label=_("Framework file (YAML)"),
        help_text=_("Format: docs/framework-format.md. A correction needs a new version."),
    )

    class Meta:
        model = FrameworkVersion
        fields: list[str] = []

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_FILE_BYTES:
            raise forms.ValidationError(_("The file is larger than 2 MB."))
        try:
            source = upload.read().decode("utf-8")
        except UnicodeDecodeError:
            raise forms.ValidationError(_("The file is not UTF-8 text.")) from None
        try:
            load_framework_text(source)
        except FrameworkError as exc:
            raise forms.ValidationError(exc.messages(get_language() or "id")) from None
        self.source = source
        return upload


@admin.register(FrameworkVersion)
class FrameworkVersionAdmin(admin.ModelAdmin):
    list_display = [
        "code",
        "version",
        "name",
        "question_count",
        "is_active",
        "builtin",
        "loaded_at",
    ]
    list_filter = ["code", "is_active", "builtin"]
    actions = ["activate"]
    readonly_fields = [
        "code", "version", "name", "sha256", "question_count", "builtin", "is_active",
        "loaded_at", "loaded_by", "source",
    ]  # fmt: skip

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None:
            kwargs["form"] = FrameworkUploadForm
        return super().get_form(request, obj, change=change, **kwargs)

    def get_fields(self, request, obj=None):
        return ["file"] if obj is None else self.readonly_fields

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else self.readonly_fields

    def save_model(self, request, obj, form, change):
        try:
            version, created = load_framework(form.source, request.user)
        except FrameworkConflict as exc:
            # The form validated the file; a conflict is found only against the database.
            messages.error(request, str(exc))
            version, created = None, False
        if version is not None:
            obj.pk = version.pk
            if not created:
                messages.info(request, _("This exact file was loaded before; nothing changed."))
            marks = version.framework().provisional_marks
            if marks:
                messages.warning(
                    request,
                    _("Loaded with provisional weights (%(where)s): every score built on them "
                      "says so until a confirmed version is loaded.")
                    % {"where": ", ".join(m.node or str(_("the whole framework")) for m in marks)},
                )  # fmt: skip

    def response_add(self, request, obj, post_url_continue=None):
        if obj.pk is None:
            return self.response_post_save_add(request, obj)
        return super().response_add(request, obj, post_url_continue)

    def has_change_permission(self, request, obj=None):
        return False  # a loaded version is immutable

    def has_delete_permission(self, request, obj=None):
        return False  # evaluations pin versions

    @admin.action(description=_("Offer for new evaluations (activate)"))
    def activate(self, request, queryset):
        for version in queryset:
            activate_framework(version, request.user)
        messages.success(request, _("Activated."))
