from django.contrib import admin

from .models import (
    Instansi,
    InstansiYear,
    Pencanangan,
    PredicateAward,
    UnitKerja,
    UnitType,
    UnitYear,
)


@admin.register(UnitType)
class UnitTypeAdmin(admin.ModelAdmin):
    """The editable list of unit types (Polres, rumah sakit, KPP, …)."""

    search_fields = ["name"]


class InstansiYearInline(admin.TabularInline):
    model = InstansiYear
    extra = 0


@admin.register(Instansi)
class InstansiAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "region"]
    list_filter = ["kind"]
    search_fields = ["name", "short_name"]
    inlines = [InstansiYearInline]


class UnitYearInline(admin.TabularInline):
    model = UnitYear
    extra = 0


class PredicateAwardInline(admin.TabularInline):
    model = PredicateAward
    extra = 0


@admin.register(UnitKerja)
class UnitKerjaAdmin(admin.ModelAdmin):
    list_display = ["name", "instansi", "echelon", "unit_type", "public_service"]
    list_filter = ["instansi", "echelon", "unit_type", "public_service"]
    search_fields = ["name"]
    autocomplete_fields = ["parent", "unit_type"]
    inlines = [UnitYearInline, PredicateAwardInline]


@admin.register(Pencanangan)
class PencananganAdmin(admin.ModelAdmin):
    list_display = ["instansi", "date"]
