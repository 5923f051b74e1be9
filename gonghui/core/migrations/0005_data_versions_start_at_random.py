"""Version rows start at random values (see figure_cache.fresh_value): a database made anew
must not meet the figures a former one left in the file cache under the same numbers."""

from django.db import migrations


def randomise(apps, schema_editor):  # type: ignore[no-untyped-def]
    from gonghui.core.figure_cache import ALL, ANY, fresh_value

    DataVersion = apps.get_model("core", "DataVersion")
    for name in (ANY, ALL):
        DataVersion.objects.get_or_create(name=name, defaults={"value": 0})
    for row in DataVersion.objects.all():
        row.value = fresh_value()
        row.save(update_fields=["value"])


class Migration(migrations.Migration):
    dependencies = [("core", "0004_data_version_per_module")]
    operations = [migrations.RunPython(randomise, migrations.RunPython.noop)]
