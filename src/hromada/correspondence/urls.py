"""Public URLs of the journal outside Wagtail pages (mounted at the site root): the on-time
statistics per department, with their open dataset in CSV and JSON."""

from django.urls import URLPattern, path

from hromada.correspondence import views

app_name = "correspondence"

urlpatterns: list[URLPattern] = [
    path("statistics/on-time/", views.on_time_statistics, name="on_time_statistics"),
]
