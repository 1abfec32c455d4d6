"""Marks the quick check's questions on a questionnaire v2 that was loaded before the flag existed.

`load_content` never reloads a version already in the database, so without this an existing v2 would
have no quick check. The flag changes no score, so a published version may take it. A fresh database
gets the flags from the content pack instead (this finds no v2 then, and does nothing).
"""

from django.db import migrations

QUICK_CHECK_V2 = [
    "safety-04",
    "safety-05",
    "remote-01",
    "remote-08",
    "supply-01",
    "supply-08",
    "automation-03",
    "automation-05",
    "green-01",
    "green-07",
]


def mark(apps, schema_editor):
    Question = apps.get_model("assessments", "Question")
    version_2 = Question.objects.filter(questionnaire__version=2)
    if not version_2.filter(quick_check=True).exists():
        version_2.filter(code__in=QUICK_CHECK_V2).update(quick_check=True)


class Migration(migrations.Migration):
    dependencies = [("assessments", "0007_journey_quick_check_mode_and_previous")]

    operations = [migrations.RunPython(mark, migrations.RunPython.noop)]
