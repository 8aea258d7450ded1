"""Give each agency a stored UUID, its identity as an Open Referral UK organization.

Added in three steps so existing agencies each get their own value, not one shared default.
"""

import uuid

from django.db import migrations, models


def give_each_agency_a_uuid(apps, schema_editor):
    Agency = apps.get_model("core", "Agency")
    for agency in Agency.objects.filter(uuid__isnull=True):
        agency.uuid = uuid.uuid4()
        agency.save(update_fields=["uuid"])


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="agency",
            name="uuid",
            field=models.UUIDField(editable=False, null=True),
        ),
        migrations.RunPython(give_each_agency_a_uuid, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="agency",
            name="uuid",
            field=models.UUIDField(default=uuid.uuid4, editable=False, unique=True),
        ),
    ]
