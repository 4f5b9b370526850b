from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("evaluations", "0003_stage_not_proposed")]

    operations = [
        migrations.AddField(
            model_name="layerscore",
            name="not_computable",
            field=models.JSONField(blank=True, default=dict),
        ),
    ]
