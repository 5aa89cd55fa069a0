"""Rebuild the stored search documents: they now hold the stems of each known word's
dictionary forms too (acts.search), so "зупинок" is found by "зупинка"."""

from django.db import migrations

CHUNK = 1000


def rebuild(apps, schema_editor):
    from hromada.acts import search

    Act = apps.get_model("acts", "Act")
    ActFile = apps.get_model("acts", "ActFile")
    PublicDocument = apps.get_model("acts", "PublicDocument")
    batch = []
    for act in Act.objects.only("pk", "title", "number", "summary").iterator(chunk_size=CHUNK):
        texts = [act.title, act.number, act.summary]
        texts.extend(ActFile.objects.filter(act_id=act.pk).values_list("text", flat=True))
        act.search_document = search.document(texts)
        batch.append(act)
        if len(batch) == CHUNK:
            Act.objects.bulk_update(batch, ["search_document"])
            batch = []
    Act.objects.bulk_update(batch, ["search_document"])
    batch = []
    for card in PublicDocument.objects.only("pk", "title", "number", "keywords").iterator(
        chunk_size=CHUNK
    ):
        card.search_document = search.document([card.title, card.number, card.keywords])
        batch.append(card)
        if len(batch) == CHUNK:
            PublicDocument.objects.bulk_update(batch, ["search_document"])
            batch = []
    PublicDocument.objects.bulk_update(batch, ["search_document"])


class Migration(migrations.Migration):
    dependencies = [
        ("acts", "0007_act_file_text_pending"),
    ]

    operations = [
        migrations.RunPython(rebuild, migrations.RunPython.noop, elidable=True),
    ]
