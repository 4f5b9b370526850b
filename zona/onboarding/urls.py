from django.urls import path

from . import views

app_name = "onboarding"
urlpatterns = [
    path("impor/", views.home, name="home"),
    path("impor/<uuid:pk>/", views.batch, name="batch"),
    path("impor/<uuid:pk>/terapkan/", views.confirm, name="confirm"),
    path("instansi/<int:pk>/impor/", views.index, name="index"),
    path("instansi/<int:pk>/impor/<str:kind>/unggah/", views.upload, name="upload"),
    path("instansi/<int:pk>/impor/<str:kind>/templat.<str:fmt>", views.template, name="template"),
    path("instansi/<int:pk>/impor/<str:kind>/ekspor.<str:fmt>", views.export, name="export"),
]
