"""The audit head gets a keyed hash of (seq, hash): cutting the tail and moving the head back
now needs the data key. The existing head is keyed here, with the key of this installation."""

from django.db import migrations, models


def key_the_head(apps, schema_editor):  # type: ignore[no-untyped-def]
    from gonghui.core.audit import head_mac

    AuditHead = apps.get_model("core", "AuditHead")
    for head in AuditHead.objects.all():
        head.mac = head_mac(head.seq, head.hash)
        head.save(update_fields=["mac"])


class Migration(migrations.Migration):
    dependencies = [("core", "0005_data_versions_start_at_random")]

    operations = [
        migrations.AddField(
            model_name="audithead",
            name="mac",
            field=models.CharField(blank=True, default="", max_length=64),
        ),
        migrations.RunPython(key_the_head, migrations.RunPython.noop),
    ]
