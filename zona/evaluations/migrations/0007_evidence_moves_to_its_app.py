"""EvidenceFile and Evidence belong to the evidence app now (zona/evidence, migration 0001
there): the evaluations app forgets them and its question links point there. The tables stay
where they are, so the database does nothing."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("evaluations", "0006_revision_reply"),
        ("evidence", "0001_evidence_from_evaluations"),
        # Every other reference to the old models has moved first.
        ("findings", "0002_evidence_file_from_the_evidence_app"),
        ("plans", "0002_evidence_from_the_evidence_app"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="evidencelink",
                    name="evidence",
                    field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="links", to="evidence.evidence"),
                ),
                migrations.DeleteModel(name="Evidence"),
                migrations.DeleteModel(name="EvidenceFile"),
            ],
            database_operations=[],
        ),
    ]
