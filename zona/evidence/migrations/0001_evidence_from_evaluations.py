"""The evidence tables move from the evaluations app to this one without moving a row: the
state learns the models under their new app with their old table names, the database does
nothing. Content types (and so permissions) of the two models follow them."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

import zona.evidence.models

MOVED = ("evidence", "evidencefile")


def content_types_follow(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in MOVED:
        if not ContentType.objects.filter(app_label="evidence", model=model).exists():
            ContentType.objects.filter(app_label="evaluations", model=model).update(
                app_label="evidence"
            )


def content_types_return(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in MOVED:
        if not ContentType.objects.filter(app_label="evaluations", model=model).exists():
            ContentType.objects.filter(app_label="evidence", model=model).update(
                app_label="evaluations"
            )


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("evaluations", "0006_revision_reply"),
        ("orgs", "0001_organisations"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="EvidenceFile",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("sha256", models.CharField(max_length=64, unique=True)),
                        ("file", models.FileField(max_length=200, upload_to=zona.evidence.models.evidence_path)),
                        ("size", models.PositiveBigIntegerField()),
                        ("content_type", models.CharField(max_length=100)),
                        ("uploaded_at", models.DateTimeField(default=django.utils.timezone.now)),
                    ],
                    options={"db_table": "evaluations_evidencefile"},
                ),
                migrations.CreateModel(
                    name="Evidence",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("filename", models.CharField(blank=True, max_length=255, verbose_name="file name")),
                        ("url", models.URLField(blank=True, max_length=500, verbose_name="link")),
                        ("description", models.CharField(max_length=300, verbose_name="description")),
                        ("document_date", models.DateField(blank=True, null=True, verbose_name="document date")),
                        ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
                        ("created_by", models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to=settings.AUTH_USER_MODEL)),
                        ("unit", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="evidence", to="orgs.unitkerja")),
                        ("file", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, to="evidence.evidencefile")),
                    ],
                    options={
                        "verbose_name": "evidence",
                        "verbose_name_plural": "evidence",
                        "db_table": "evaluations_evidence",
                        "ordering": ["-created_at"],
                        "constraints": [
                            models.CheckConstraint(
                                condition=models.Q(models.Q(("file__isnull", False), ("url", "")), models.Q(("file__isnull", True), models.Q(("url", ""), _negated=True)), _connector="OR"),
                                name="evidence_file_or_link",
                            )
                        ],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(content_types_follow, content_types_return),
    ]
