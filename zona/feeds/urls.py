from django.urls import path

from . import views

app_name = "feeds"

urlpatterns = [
    path("<int:pk>/hasil/", views.page, name="page"),
    path("<int:pk>/hasil/<str:question>/", views.choose, name="choose"),
]
