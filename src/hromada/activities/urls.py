"""Public URLs of the activities module outside Wagtail pages (mounted at the site root)."""

from django.urls import URLPattern, URLResolver

urlpatterns: list[URLPattern | URLResolver] = []
