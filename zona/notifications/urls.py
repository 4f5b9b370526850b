from django.urls import path

from . import views

app_name = "notifications"

urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("<int:pk>/buka/", views.open_notification, name="open"),
    path("<int:pk>/dibaca/", views.read, name="read"),
    path("semua-dibaca/", views.read_all, name="read_all"),
    path("pengaturan/", views.preferences, name="preferences"),
]
