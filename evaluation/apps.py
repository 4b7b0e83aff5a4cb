from django.apps import AppConfig


class EvaluationConfig(AppConfig):
    name = "evaluation"

    def ready(self):
        # Open scoring rounds and reviews count as invitations on the list of
        # people's unmet communication needs (projects/communication).
        from evaluation.evidence.selectors import open_review_invitations
        from evaluation.matrix.selectors import open_round_invitations
        from projects.communication.selectors import invitation_source

        invitation_source(open_round_invitations)
        invitation_source(open_review_invitations)

        # Reports sit above evidence, so evidence cannot call them: they join its
        # consent changes here (see WORDS_WITHDRAWN_STEPS).
        from evaluation.evidence import services as evidence_services
        from evaluation.reports.services import report_withdraw_for_people

        steps = evidence_services.WORDS_WITHDRAWN_STEPS
        if report_withdraw_for_people not in steps:
            steps.append(report_withdraw_for_people)

        # A new programme starts with its own copy of the default outcome indicators.
        from evaluation.outcomes.services import indicator_defaults_add
        from projects import services as project_services

        if indicator_defaults_add not in project_services.PROGRAMME_START_STEPS:
            project_services.PROGRAMME_START_STEPS.append(indicator_defaults_add)

    def warm(self):
        """Called before gunicorn forks its workers (``coproduce.warmup``)."""
        from evaluation.reports.stamps import templates_version

        templates_version()
