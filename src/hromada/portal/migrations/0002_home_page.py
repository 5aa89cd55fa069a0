"""Replace Wagtail's welcome page with Hromada's home page, so a bare migrate serves a portal."""

from django.db import migrations


def create_home_page(apps, schema_editor):
    content_type_model = apps.get_model("contenttypes", "ContentType")
    page_model = apps.get_model("wagtailcore", "Page")
    site_model = apps.get_model("wagtailcore", "Site")
    locale_model = apps.get_model("wagtailcore", "Locale")
    home_page_model = apps.get_model("portal", "HomePage")

    page_model.objects.filter(depth=2, slug="home", content_type__app_label="wagtailcore").delete()
    if home_page_model.objects.exists():
        return
    home_type, _ = content_type_model.objects.get_or_create(model="homepage", app_label="portal")
    locale = locale_model.objects.first()
    home = home_page_model.objects.create(
        title="Головна",
        draft_title="Головна",
        slug="home",
        content_type=home_type,
        path="00010001",
        depth=2,
        numchild=0,
        url_path="/home/",
        locale=locale,
        live=True,
    )
    root = page_model.objects.get(depth=1)
    root.numchild = page_model.objects.filter(depth=2).count()
    root.save(update_fields=["numchild"])
    site_model.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "localhost", "port": 80, "root_page": home, "site_name": ""},
    )


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(create_home_page, migrations.RunPython.noop)]
