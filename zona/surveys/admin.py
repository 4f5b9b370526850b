from django.contrib import admin

from .models import Instrument, Survey


@admin.register(Instrument)
class InstrumentAdmin(admin.ModelAdmin):
    """Read only: instruments change through `load_instruments` or the instrument screen, which
    keep used versions intact."""

    list_display = ("code", "version", "kind", "created_at")
    readonly_fields = ("code", "version", "kind", "source", "definition", "created_at")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Survey)
class SurveyAdmin(admin.ModelAdmin):
    list_display = (
        "code",
        "unit",
        "instrument",
        "year",
        "quarter",
        "opens_on",
        "closes_on",
        "paused",
    )
    list_select_related = ("unit", "instrument")
    search_fields = ("code", "unit__name")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
