"""Issue 20: adviser organisations and advisers, the firm's shares (consent per purpose), adviser
accesses, validations and notes; how an assessment was filled in; and the Adviser group, whose one
permission opens the adviser workspace (membership of an organisation decides which firms)."""

import uuid

import django.core.validators
import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.contrib.auth.management import create_permissions
from django.db import migrations, models

import assessments.models.choices
import assessments.models.content

ADVISER = ["advise_firms"]


def make_group(apps, schema_editor):
    # Permissions are normally created after all migrations; make sure this one exists now.
    app_config = apps.get_app_config("assessments")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name="Adviser")
    group.permissions.set(Permission.objects.filter(content_type__app_label="assessments", codename__in=ADVISER))


def remove_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name="Adviser").delete()


class Migration(migrations.Migration):

    dependencies = [
        ('assessments', '0014_legal_duties_sectors_and_checked_links'),
        ('auth', '0012_alter_user_first_name_max_length'),
        ('contenttypes', '0002_remove_content_type_name'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='assessment',
            name='engagement',
            field=models.CharField(choices=[('self', 'Self-assessed by the firm'), ('facilitated', 'Facilitated by an adviser'), ('adviser_entered', 'Entered by an adviser')], db_default='self', default='self', editable=False, max_length=15),
        ),
        migrations.CreateModel(
            name='AdviserOrganisation',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=120, unique=True, verbose_name='name')),
                ('regions', models.JSONField(blank=True, default=list, help_text='Firms in these regions are offered this organisation. Empty means the whole UK.', validators=[assessments.models.content.ChoiceListValidator(assessments.models.choices.Region)], verbose_name='regions served')),
                ('inbox', models.EmailField(help_text="Told when a firm shares: the company name and a link that needs an adviser's sign-in, nothing more.", max_length=254, verbose_name='inbox e-mail')),
                ('is_demo', models.BooleanField(default=False, verbose_name='demo organisation')),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('programmes', models.ManyToManyField(blank=True, related_name='adviser_organisations', to='assessments.programme', verbose_name='programmes served')),
            ],
            options={
                'verbose_name': 'adviser organisation',
                'ordering': ['name'],
            },
        ),
        migrations.CreateModel(
            name='Adviser',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('is_lead', models.BooleanField(default=False, help_text="A lead manages the organisation's advisers in the admin.", verbose_name='lead')),
                ('user', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='adviser', to=settings.AUTH_USER_MODEL)),
                ('organisation', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='advisers', to='assessments.adviserorganisation')),
            ],
            options={
                'verbose_name': 'adviser',
                'ordering': ['organisation', 'user__username'],
            },
        ),
        migrations.CreateModel(
            name='Note',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('author_name', models.CharField(max_length=150)),
                ('text', models.TextField(max_length=2000, verbose_name='note')),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('assessment', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='adviser_notes', to='assessments.assessment')),
                ('author', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('organisation', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='notes', to='assessments.adviserorganisation')),
            ],
            options={
                'ordering': ['-created_at'],
            },
        ),
        migrations.CreateModel(
            name='Share',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('public_id', models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                ('sees_report', models.BooleanField(default=False, verbose_name='see the report')),
                ('sees_answers', models.BooleanField(default=False, verbose_name='see the answers and comments')),
                ('may_contact', models.BooleanField(default=False, verbose_name='contact the firm')),
                ('contact_email', models.EmailField(blank=True, help_text='Given for this share only.', max_length=254, verbose_name='contact address')),
                ('in_statistics', models.BooleanField(default=False, verbose_name='count in anonymous statistics')),
                ('consent_version', models.PositiveSmallIntegerField(default=1, editable=False)),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now, editable=False)),
                ('expires_at', models.DateTimeField()),
                ('withdrawn_at', models.DateTimeField(blank=True, null=True)),
                ('assessment', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='shares', to='assessments.assessment')),
                ('assigned_to', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='assigned_shares', to='assessments.adviser')),
                ('organisation', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='shares', to='assessments.adviserorganisation')),
            ],
            options={
                'verbose_name': 'share',
                'ordering': ['-created_at'],
                'permissions': [('advise_firms', 'Can use the adviser workspace')],
            },
        ),
        migrations.CreateModel(
            name='AdviserAccess',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('who', models.CharField(max_length=150)),
                ('action', models.CharField(choices=[('firm', "opened the firm's page"), ('report', 'read the report'), ('pdf', 'downloaded the PDF report'), ('answers', 'read the answers and comments'), ('export', "downloaded the firm's data"), ('note', 'added a note'), ('validate', 'recorded a validation'), ('assign', 'assigned the firm to an adviser')], max_length=10)),
                ('at', models.DateTimeField(db_index=True, default=django.utils.timezone.now)),
                ('user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('share', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='accesses', to='assessments.share')),
            ],
            options={
                'verbose_name': 'adviser access',
                'verbose_name_plural': 'adviser accesses',
                'ordering': ['-at'],
            },
        ),
        migrations.CreateModel(
            name='Validation',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('level', models.PositiveSmallIntegerField(validators=[django.core.validators.MaxValueValidator(4)], verbose_name='validated level')),
                ('reason', models.TextField(max_length=1000, verbose_name='reason')),
                ('adviser_name', models.CharField(max_length=150)),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('voided_at', models.DateTimeField(blank=True, null=True)),
                ('void_reason', models.CharField(blank=True, choices=[('answer_changed', 'the firm changed its answer'), ('replaced', 'replaced by a newer validation')], max_length=20)),
                ('adviser', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('assessment', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='validations', to='assessments.assessment')),
                ('firm_option', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='assessments.option')),
                ('organisation', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='validations', to='assessments.adviserorganisation')),
                ('question', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='validations', to='assessments.question')),
            ],
            options={
                'ordering': ['created_at'],
            },
        ),
        migrations.AddConstraint(
            model_name='share',
            constraint=models.UniqueConstraint(condition=models.Q(('withdrawn_at__isnull', True)), fields=('assessment', 'organisation'), name='one_live_share_per_organisation'),
        ),
        migrations.AddConstraint(
            model_name='share',
            constraint=models.CheckConstraint(condition=models.Q(('sees_report', True), ('sees_answers', True), ('may_contact', True), ('in_statistics', True), _connector='OR'), name='share_has_a_purpose'),
        ),
        migrations.AddConstraint(
            model_name='share',
            constraint=models.CheckConstraint(condition=models.Q(('may_contact', True), ('contact_email', ''), _connector='OR'), name='share_contact_address_only_to_contact'),
        ),
        migrations.AddConstraint(
            model_name='share',
            constraint=models.CheckConstraint(condition=models.Q(('expires_at__gt', models.F('created_at'))), name='share_expires_later'),
        ),
        migrations.AddConstraint(
            model_name='validation',
            constraint=models.UniqueConstraint(condition=models.Q(('voided_at__isnull', True)), fields=('assessment', 'question'), name='one_current_validation'),
        ),
        migrations.AddConstraint(
            model_name='validation',
            constraint=models.CheckConstraint(condition=models.Q(('level__lte', 4)), name='validated_level_in_range'),
        ),
        migrations.RunPython(make_group, remove_group),
    ]
