"""Public URLs of outreach (mounted at the site root)."""

from django.urls import URLPattern, path, re_path

from hromada.outreach import views

urlpatterns: list[URLPattern] = [
    path("notices/", views.archive, name="outreach_archive"),
    path("notices/active.json", views.active, name="outreach_active"),
    path("notices/<int:pk>/", views.notice, name="outreach_notice"),
    re_path(r"^notices\.(?P<fmt>json|csv)$", views.dataset, name="outreach_dataset"),
    path("notices/subscription/", views.subscription, name="outreach_subscription"),
    path("notices/unsubscribe/<str:token>/", views.unsubscribe, name="outreach_unsubscribe"),
    path("follows/", views.follows, name="outreach_follows"),
    path("follows/add/", views.follow_add, name="outreach_follow"),
    path(
        "follows/unsubscribe/<str:token>/",
        views.follows_unsubscribe,
        name="outreach_follows_unsubscribe",
    ),
]
