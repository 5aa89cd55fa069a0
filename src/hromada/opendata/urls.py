"""Public URLs of the opendata module outside Wagtail pages (mounted at the site root)."""

from django.urls import URLPattern, URLResolver, path, re_path

from hromada.opendata import views

app_name = "opendata"

urlpatterns: list[URLPattern | URLResolver] = [
    path("api/3", views.api_root, name="api_root"),
    path("api/openapi.json", views.openapi_document, name="openapi"),
    path("api/3/action/<str:name>", views.action, name="action"),
    # ckanapi's RemoteCKAN calls the unversioned path.
    path("api/action/<str:name>", views.action, name="action_unversioned"),
    re_path(
        r"^catalog\.(?P<extension>ttl|rdf|xml|jsonld)$", views.dcat_catalog, name="dcat_catalog"
    ),
    re_path(
        r"^dataset/(?P<name>[a-z0-9_-]{2,100})\.(?P<extension>ttl|rdf|xml|jsonld)$",
        views.dcat_dataset,
        name="dcat_dataset",
    ),
    re_path(r"^dataset/(?P<name>[a-z0-9_-]{2,100})/?$", views.dataset_redirect, name="dataset"),
    path(
        "opendata/resource/<uuid:resource_id>/download/<str:filename>",
        views.download,
        name="download",
    ),
    path(
        "opendata/resource/<uuid:resource_id>/v<int:number>/<str:filename>",
        views.version_download,
        name="version_download",
    ),
    re_path(
        r"^opendata/live/(?P<slug>[a-z0-9_-]{2,100})\.(?P<extension>csv|json)$",
        views.live,
        name="live",
    ),
]
