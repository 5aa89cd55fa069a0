"""Public URLs of the participation module outside Wagtail pages (mounted at the site root)."""

from django.urls import URLPattern, URLResolver

urlpatterns: list[URLPattern | URLResolver] = []
