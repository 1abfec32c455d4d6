"""Peer distributions per (driver, sector, size band) and insight cells per (version, quarter, region, sector,
size band); demo firms flagged; the insights permission.

After upgrading a database that already holds submitted assessments, run `manage.py refresh_peers` once."""

import django.db.models.deletion
from django.db import migrations, models

import assessments.models.peers


class Migration(migrations.Migration):
    dependencies = [
        ("assessments", "0009_stored_reports_and_content_edit_times"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="assessment",
            options={
                "ordering": ["-created_at"],
                "permissions": [
                    ("export_responses", "Can export responses as CSV or XLSX"),
                    ("view_insights", "Can view the insights dashboard"),
                ],
            },
        ),
        migrations.AddField(
            model_name="assessment",
            name="in_aggregates",
            field=models.BooleanField(default=False, editable=False),
        ),
        migrations.AddField(
            model_name="assessment",
            name="is_demo",
            field=models.BooleanField(default=False, editable=False, verbose_name="demo data"),
        ),
        migrations.CreateModel(
            name="InsightCell",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "quarter",
                    models.PositiveIntegerField(
                        help_text="Year × 10 + quarter in UK time: 20263 is July–September 2026."
                    ),
                ),
                (
                    "region",
                    models.CharField(
                        choices=[
                            ("north-east", "North East"),
                            ("north-west", "North West"),
                            ("yorkshire-humber", "Yorkshire and The Humber"),
                            ("east-midlands", "East Midlands"),
                            ("west-midlands", "West Midlands"),
                            ("east-of-england", "East of England"),
                            ("london", "London"),
                            ("south-east", "South East"),
                            ("south-west", "South West"),
                            ("wales", "Wales"),
                            ("scotland", "Scotland"),
                            ("northern-ireland", "Northern Ireland"),
                        ],
                        max_length=20,
                    ),
                ),
                (
                    "sector",
                    models.CharField(
                        choices=[
                            ("10", "10 Food products"),
                            ("11", "11 Beverages"),
                            ("12", "12 Tobacco products"),
                            ("13", "13 Textiles"),
                            ("14", "14 Wearing apparel"),
                            ("15", "15 Leather and related products"),
                            ("16", "16 Wood and cork products (not furniture)"),
                            ("17", "17 Paper and paper products"),
                            ("18", "18 Printing and reproduction of recorded media"),
                            ("19", "19 Coke and refined petroleum products"),
                            ("20", "20 Chemicals and chemical products"),
                            ("21", "21 Pharmaceutical products"),
                            ("22", "22 Rubber and plastic products"),
                            ("23", "23 Other non-metallic mineral products (glass, ceramics, concrete)"),
                            ("24", "24 Basic metals"),
                            ("25", "25 Fabricated metal products"),
                            ("26", "26 Computer, electronic and optical products"),
                            ("27", "27 Electrical equipment"),
                            ("28", "28 Machinery and equipment"),
                            ("29", "29 Motor vehicles, trailers and semi-trailers"),
                            ("30", "30 Other transport equipment (aerospace, rail, marine)"),
                            ("31", "31 Furniture"),
                            ("32", "32 Other manufacturing"),
                            ("33", "33 Repair and installation of machinery and equipment"),
                        ],
                        max_length=2,
                    ),
                ),
                (
                    "size_band",
                    models.CharField(
                        choices=[
                            ("micro", "Micro (1–9 employees)"),
                            ("small", "Small (10–49 employees)"),
                            ("medium", "Medium (50–249 employees)"),
                        ],
                        max_length=10,
                    ),
                ),
                ("is_demo", models.BooleanField(default=False)),
                ("firms", models.PositiveIntegerField(default=0)),
                ("counts", models.BinaryField(default=b"")),
                ("revision", models.PositiveBigIntegerField(default=0)),
                (
                    "questionnaire",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="insight_cells",
                        to="assessments.questionnaire",
                    ),
                ),
            ],
            options={
                "indexes": [
                    models.Index(fields=["firms", "is_demo", "quarter", "revision"], name="insight_cell_state")
                ],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("questionnaire", "quarter", "region", "sector", "size_band", "is_demo"),
                        name="one_insight_cell_per_group",
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="PeerCell",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "sector",
                    models.CharField(
                        choices=[
                            ("10", "10 Food products"),
                            ("11", "11 Beverages"),
                            ("12", "12 Tobacco products"),
                            ("13", "13 Textiles"),
                            ("14", "14 Wearing apparel"),
                            ("15", "15 Leather and related products"),
                            ("16", "16 Wood and cork products (not furniture)"),
                            ("17", "17 Paper and paper products"),
                            ("18", "18 Printing and reproduction of recorded media"),
                            ("19", "19 Coke and refined petroleum products"),
                            ("20", "20 Chemicals and chemical products"),
                            ("21", "21 Pharmaceutical products"),
                            ("22", "22 Rubber and plastic products"),
                            ("23", "23 Other non-metallic mineral products (glass, ceramics, concrete)"),
                            ("24", "24 Basic metals"),
                            ("25", "25 Fabricated metal products"),
                            ("26", "26 Computer, electronic and optical products"),
                            ("27", "27 Electrical equipment"),
                            ("28", "28 Machinery and equipment"),
                            ("29", "29 Motor vehicles, trailers and semi-trailers"),
                            ("30", "30 Other transport equipment (aerospace, rail, marine)"),
                            ("31", "31 Furniture"),
                            ("32", "32 Other manufacturing"),
                            ("33", "33 Repair and installation of machinery and equipment"),
                        ],
                        max_length=2,
                    ),
                ),
                (
                    "size_band",
                    models.CharField(
                        choices=[
                            ("micro", "Micro (1–9 employees)"),
                            ("small", "Small (10–49 employees)"),
                            ("medium", "Medium (50–249 employees)"),
                        ],
                        max_length=10,
                    ),
                ),
                ("histogram", models.JSONField(default=assessments.models.peers.empty_histogram)),
                ("firms", models.PositiveIntegerField(default=0)),
                ("revision", models.PositiveBigIntegerField(default=0)),
                (
                    "driver",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="peer_cells", to="assessments.driver"
                    ),
                ),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(fields=("driver", "sector", "size_band"), name="one_peer_cell_per_group")
                ],
            },
        ),
    ]
