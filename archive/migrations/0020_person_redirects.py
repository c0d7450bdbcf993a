"""Former addresses of people: a record merged into another, or a slug a curator changed, keeps
leading to the person's page."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('archive', '0019_published_on'),
    ]

    operations = [
        migrations.CreateModel(
            name='PersonRedirect',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('slug', models.SlugField(max_length=220, unique=True, verbose_name='former address name')),
                ('person', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='redirects', to='archive.person', verbose_name='person')),
            ],
            options={
                'verbose_name': 'former person address',
                'verbose_name_plural': 'former person addresses',
            },
        ),
    ]
