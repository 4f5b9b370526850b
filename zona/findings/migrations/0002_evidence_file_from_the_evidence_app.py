"""A document's file is the evidence app's EvidenceFile now (the same table: state only)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("evidence", "0001_evidence_from_evaluations"),
        ("findings", "0001_findings_and_capaian_kinerja"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="document",
                    name="file",
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, to="evidence.evidencefile"),
                ),
            ],
            database_operations=[],
        ),
    ]
