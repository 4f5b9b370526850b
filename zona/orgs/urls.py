from django.urls import path

from . import views, views_public

app_name = "orgs"

urlpatterns = [
    path("register-predikat/", views_public.register, name="register"),
    path("instansi/", views.instansi_list, name="instansi_list"),
    path("instansi/<int:pk>/", views.instansi_detail, name="instansi"),
    path("instansi/<int:pk>/fakta/<int:year>/", views.instansi_year_edit, name="instansi_year"),
    path("instansi/<int:pk>/pencanangan/", views.pencanangan_add, name="pencanangan_add"),
    path(
        "instansi/<int:pk>/pencanangan/<int:declaration_pk>/dokumen/",
        views.pencanangan_document,
        name="pencanangan_document",
    ),
    path("instansi/<int:pk>/kop-surat/", views.letterhead_edit, name="letterhead"),
    path("instansi/<int:pk>/logo/", views.instansi_logo, name="instansi_logo"),
    path("instansi/<int:pk>/unit/tambah/", views.unit_add, name="unit_add"),
    path("unit/<int:pk>/", views.unit_detail, name="unit"),
    path("unit/<int:pk>/ubah/", views.unit_edit, name="unit_edit"),
    path("unit/<int:pk>/kepatuhan/<int:year>/", views.unit_year_edit, name="unit_year"),
    path("unit/<int:pk>/predikat/", views.award_add, name="award_add"),
]
