from django.contrib import admin

from .models import FeedChoice


@admin.register(FeedChoice)
class FeedChoiceAdmin(admin.ModelAdmin):
    """Read-only history of the Hasil values taken from measured sources."""

    list_display = [
        "evaluation",
        "question",
        "layer",
        "source_label",
        "value",
        "overridden",
        "by",
        "at",
    ]
    list_filter = ["feed", "layer", "overridden"]
    search_fields = ["evaluation__unit__name", "source_label", "reason"]
    list_select_related = ["evaluation__unit", "by"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
