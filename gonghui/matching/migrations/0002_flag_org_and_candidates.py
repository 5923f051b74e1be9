"""Flags carry their unit and county (a new candidate from a minimum-living list has no
household); existing flags take them from their household."""

import django.db.models.deletion
from django.db import migrations, models


def from_household(apps, schema_editor):
    Flag = apps.get_model("matching", "Flag")
    for flag in Flag.objects.select_related("household").iterator(chunk_size=2000):
        flag.org_id = flag.household.org_id
        flag.county_id = flag.household.county_id
        flag.save(update_fields=["org", "county"])


class Migration(migrations.Migration):
    dependencies = [
        ("hardship", "0001_initial"),
        ("orgs", "0001_initial"),
        ("matching", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="flag",
            name="org",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="orgs.org",
                verbose_name="所在工会",
            ),
        ),
        migrations.AddField(
            model_name="flag",
            name="county",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="orgs.org",
                verbose_name="县（市、区）",
            ),
        ),
        migrations.RunPython(from_household, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="flag",
            name="org",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="orgs.org",
                verbose_name="所在工会",
            ),
        ),
        migrations.AlterField(
            model_name="flag",
            name="county",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="orgs.org",
                verbose_name="县（市、区）",
            ),
        ),
        migrations.AlterField(
            model_name="flag",
            name="household",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="hardship.household",
                verbose_name="家庭",
            ),
        ),
        migrations.AlterField(
            model_name="flag",
            name="person",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="hardship.person",
                verbose_name="人员",
            ),
        ),
        migrations.AlterField(
            model_name="flag",
            name="implication",
            field=models.CharField(
                choices=[
                    ("remove_member", "死亡：移除成员或退档"),
                    ("review_eligibility", "有车/房/经营/财政供养：复核资格"),
                    ("duplicate", "重复建档"),
                    ("consistent", "与名单一致"),
                    ("new_candidate", "在低保名单、未建档：新增建档线索，建议入户调查"),
                ],
                max_length=20,
                verbose_name="提示",
            ),
        ),
        migrations.AlterField(
            model_name="flag",
            name="method",
            field=models.CharField(
                choices=[
                    ("exact_id", "身份证号精确匹配"),
                    ("fuzzy", "姓名+出生日期+地区模糊匹配"),
                    ("unarchived", "身份证号有效、未匹配到在档人员"),
                ],
                max_length=10,
                verbose_name="匹配方式",
            ),
        ),
    ]
