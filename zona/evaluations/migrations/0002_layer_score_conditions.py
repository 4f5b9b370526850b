"""`LayerScore.conditions`: each predicate's conditions of the stored layer score, so that lists
say which condition fails. Existing rows are filled by re-scoring their layer from the stored
answers with the same function `recompute_score` uses (`stored_conditions`)."""

from collections import defaultdict

from django.db import migrations, models

from zona.evaluations.models import stored_conditions, stored_to_normalised
from zona.lke import score_normalised
from zona.lke.loader import load_framework_text

BATCH = 200  # evaluations per round: their answers fit in memory, and few queries in all


def fill_conditions(apps, schema_editor=None):
    """Fill `conditions` of every existing layer score; nothing to do on an empty database."""
    Evaluation = apps.get_model("evaluations", "Evaluation")
    Answer = apps.get_model("evaluations", "Answer")
    LayerScore = apps.get_model("evaluations", "LayerScore")
    FrameworkVersion = apps.get_model("frameworks", "FrameworkVersion")
    frameworks = {}
    ids = list(Evaluation.objects.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), BATCH):
        batch = ids[start : start + BATCH]
        evaluations = {
            pk: (framework_id, previous or None)
            for pk, framework_id, previous in Evaluation.objects.filter(pk__in=batch).values_list(
                "pk", "framework_id", "previous_predicate"
            )
        }
        for framework_id in {f for f, _ in evaluations.values()} - frameworks.keys():
            source = FrameworkVersion.objects.values_list("source", flat=True).get(pk=framework_id)
            frameworks[framework_id] = load_framework_text(source)
        answers = defaultdict(dict)
        rows = Answer.objects.filter(evaluation_id__in=batch).values_list(
            "evaluation_id", "layer", "question", "value"
        )
        for evaluation_id, layer, question, value in rows:
            if value:
                answers[evaluation_id, layer][question] = stored_to_normalised(value)
        scores = list(LayerScore.objects.filter(evaluation_id__in=batch))
        for row in scores:
            framework_id, previous = evaluations[row.evaluation_id]
            result = score_normalised(
                frameworks[framework_id], answers.get((row.evaluation_id, row.layer), {}), previous
            )
            row.conditions = stored_conditions(result)
        LayerScore.objects.bulk_update(scores, ["conditions"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("evaluations", "0001_evaluations_answers_evidence"),
    ]

    operations = [
        migrations.AddField(
            model_name="layerscore",
            name="conditions",
            field=models.JSONField(default=dict),
        ),
        migrations.RunPython(fill_conditions, migrations.RunPython.noop, elidable=True),
    ]
