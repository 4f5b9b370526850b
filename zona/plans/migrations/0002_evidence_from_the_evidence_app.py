"""An activity's evidence is the evidence app's Evidence now (the same table: state only)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("evidence", "0001_evidence_from_evaluations"),
        ("plans", "0001_action_plans_monev_stages"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="activityevidence",
                    name="evidence",
                    field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="+", to="evidence.evidence"),
                ),
                migrations.AlterField(
                    model_name="activity",
                    name="evidence",
                    field=models.ManyToManyField(blank=True, related_name="plan_activities", through="plans.ActivityEvidence", to="evidence.evidence"),
                ),
            ],
            database_operations=[],
        ),
    ]
