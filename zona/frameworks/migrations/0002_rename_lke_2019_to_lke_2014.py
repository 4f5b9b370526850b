"""`lke-2019` becomes `lke-2014`: the file holds the PermenPANRB 52/2014 LKE that the seed
presents (reference README §8), not the 10/2019 one. Every stored version of that code takes the
new code, in its row and in its source (the `code:` line; the checksum follows), so that the
version an evaluation pins parses to the code it is listed under. Evaluations keep their row.
The old code stays accepted by the CLI and the API as an alias (`zona.lke.registry.ALIASES`)."""

import hashlib
import re

from django.db import migrations

OLD, NEW = "lke-2019", "lke-2014"


def _recode(source: str, old: str, new: str) -> str:
    return re.sub(rf"^code:\s*{re.escape(old)}\s*$", f"code: {new}", source, count=1, flags=re.M)


def _rename(apps, old: str, new: str) -> None:
    FrameworkVersion = apps.get_model("frameworks", "FrameworkVersion")
    for row in FrameworkVersion.objects.filter(code=old):
        row.source = _recode(row.source, old, new)
        row.sha256 = hashlib.sha256(row.source.encode("utf-8")).hexdigest()
        row.code = new
        row.save(update_fields=["source", "sha256", "code"])


def forward(apps, schema_editor=None):
    _rename(apps, OLD, NEW)


def backward(apps, schema_editor=None):
    _rename(apps, NEW, OLD)


class Migration(migrations.Migration):
    dependencies = [("frameworks", "0001_framework_version")]

    operations = [migrations.RunPython(forward, backward)]
