"""Recommendations belong to a questionnaire version; programmes separate the date of their source
from the date someone last checked them (until now the source date was shown as "last checked")."""

from django.db import migrations, models


def attach_recommendations(apps, schema_editor):
    """Existing recommendations go with every version already in the database, so every old report
    keeps the advice it showed."""
    Questionnaire = apps.get_model("assessments", "Questionnaire")
    Recommendation = apps.get_model("assessments", "Recommendation")
    versions = list(Questionnaire.objects.order_by("version"))
    if not versions:
        Recommendation.objects.all().delete()  # nothing could show them; a pack brings them back
        return
    for rec in Recommendation.objects.filter(questionnaire__isnull=True):
        programmes = list(rec.programmes.all())
        rec.questionnaire = versions[0]
        rec.save()
        for version in versions[1:]:
            rec.pk, rec.questionnaire = None, version
            rec.save()
            rec.programmes.set(programmes)


class Migration(migrations.Migration):
    dependencies = [("assessments", "0003_roles")]

    operations = [
        migrations.RenameField("programme", "last_verified", "source_date"),
        migrations.AddField(
            "programme",
            "last_checked",
            models.DateField(
                blank=True,
                null=True,
                help_text="When someone last checked this entry against the source. Empty if never.",
            ),
        ),
        migrations.AddField(
            "recommendation",
            "questionnaire",
            models.ForeignKey(
                null=True,
                on_delete=models.CASCADE,
                related_name="recommendations",
                to="assessments.questionnaire",
                help_text="The version it advises.",
            ),
        ),
        migrations.AlterField("recommendation", "code", models.SlugField(max_length=60)),
        migrations.RunPython(attach_recommendations, migrations.RunPython.noop),
        migrations.AlterField(
            "recommendation",
            "questionnaire",
            models.ForeignKey(
                on_delete=models.CASCADE,
                related_name="recommendations",
                to="assessments.questionnaire",
                help_text="The version it advises.",
            ),
        ),
        migrations.AddConstraint(
            "recommendation",
            models.UniqueConstraint(fields=["questionnaire", "code"], name="recommendation_code_unique_per_version"),
        ),
    ]
