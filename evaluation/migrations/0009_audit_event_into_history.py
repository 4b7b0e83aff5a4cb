# The evidence audit trail's rows move into the history (projects.HistoryEvent), which
# now records every read and every change; then the old table goes.

from django.db import migrations


def audit_events_copy(apps, schema_editor):
    AuditEvent = apps.get_model("evaluation", "AuditEvent")
    HistoryEvent = apps.get_model("projects", "HistoryEvent")
    User = apps.get_model("auth", "User")
    names = {
        user.pk: (f"{user.first_name} {user.last_name}".strip() or user.username)
        for user in User.objects.all()
    }
    HistoryEvent.objects.bulk_create(
        [
            HistoryEvent(
                created_at=event.at,
                action=event.action,
                model="projects.project" if event.project_id else "projects.programme",
                object_id=str(event.project_id or event.programme_id),
                programme_id=event.programme_id,
                project_id=event.project_id,
                note=event.subject,
                context={"user": event.user_id, "username": names[event.user_id]}
                if event.user_id in names
                else None,
            )
            for event in AuditEvent.objects.order_by("at", "pk").iterator()
        ],
        batch_size=500,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("evaluation", "0008_report_withdrawal"),
        ("projects", "0006_history_event"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [
        migrations.RunPython(audit_events_copy, migrations.RunPython.noop),
        migrations.DeleteModel(name="AuditEvent"),
    ]
