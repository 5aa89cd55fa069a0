from django.conf import settings
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps import Sitemap as PagesSitemap
from wagtail.contrib.sitemaps.views import index as sitemap_index
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from hromada.acts.sitemaps import ActsSitemap
from hromada.organizations.sitemaps import OrganizationsSitemap
from hromada.portal import errors, feeds, views

# `/sitemap.xml` is an index of these sections: the pages, then records with pages of their own.
SITEMAPS = {"pages": PagesSitemap, "acts": ActsSitemap, "organizations": OrganizationsSitemap}

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("search/", views.search, name="search"),
    path("news/rss.xml", feeds.NewsRssFeed(), name="news_rss"),
    path("news/atom.xml", feeds.NewsAtomFeed(), name="news_atom"),
    path(
        "sitemap.xml",
        sitemap_index,
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap_section"},
        name="sitemap",
    ),
    path("sitemap-<section>.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap_section"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("manifest.webmanifest", views.web_manifest, name="web_manifest"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("lang/<str:code>/", views.switch_language, name="switch_language"),
    # Our page for errors nginx answers itself (413, 414): its `error_page` points here.
    path("errors/<int:status>/", errors.error_page, name="error_page"),
    # Each module's own public URLs (APIs, feeds, forms) before Wagtail's catch-all.
    path("", include("hromada.opendata.urls")),
    path("", include("hromada.activities.urls")),
    path("", include("hromada.participation.urls")),
    path("", include("hromada.outreach.urls")),
    path("", include("hromada.correspondence.urls")),
]

if settings.DEBUG or not settings.S3_BUCKET:
    # Media files are served by Django itself only on the embedded setup; nginx or S3 serve them
    # in production (docs/operations.md).
    from django.views.static import serve

    urlpatterns += [path("media/<path:path>", serve, {"document_root": settings.MEDIA_ROOT})]

urlpatterns += [path("", include(wagtail_urls))]

# Our error pages, in Ukrainian and in the site's look (portal/errors.py).
handler400 = "hromada.portal.errors.bad_request"
handler403 = "hromada.portal.errors.permission_denied"
handler404 = "hromada.portal.errors.page_not_found"
handler500 = "hromada.portal.errors.server_error"
