"""The two staff roles. Only superusers manage users: neither group gets any auth permission."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CONTENT = ["driver", "questionnaire", "question", "option", "recommendation", "programme"]
CONTENT_EDITOR = [f"{action}_{model}" for model in CONTENT for action in ("add", "change", "delete", "view")]
# Analysts read assessments and export them; they change nothing.
ANALYST = [f"view_{model}" for model in [*CONTENT, "assessment", "answer", "driverscore"]] + ["export_responses"]
GROUPS = {"Content editor": CONTENT_EDITOR, "Analyst": ANALYST}


def make_groups(apps, schema_editor):
    # Permissions are normally created after all migrations; make sure they exist now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in GROUPS.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.set(Permission.objects.filter(content_type__app_label="assessments", codename__in=codenames))


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=GROUPS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("assessments", "0002_permissions_and_rich_text_limits"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(make_groups, remove_groups)]
