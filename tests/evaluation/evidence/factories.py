import factory

from evaluation import models
from projects.models import DiamondStage, RoleCategory
from tests.factories import ProgrammeFactory, ProjectFactory


class FactorGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.FactorGroup

    programme = factory.SubFactory(ProgrammeFactory)
    name = factory.Sequence(lambda n: f"Group {n}")


class FactorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Factor

    group = factory.SubFactory(FactorGroupFactory)
    name = factory.Sequence(lambda n: f"Factor {n}")


class ObservationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.FactorObservation

    project = factory.SubFactory(ProjectFactory)
    stage = DiamondStage.DISCOVER
    effect = models.Effect.ENABLER
    text = factory.Sequence(lambda n: f"Something noticed {n}")


class ThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Theme

    programme = factory.SubFactory(ProgrammeFactory)
    name = factory.Sequence(lambda n: f"Theme {n}")
    description = "What people said about this."


class QuoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Quote

    project = factory.SubFactory(ProjectFactory)
    text = factory.Sequence(lambda n: f"Something a person said, number {n}.")
    source = models.QuoteSource.INTERVIEW
    role_category = RoleCategory.PATIENT_REP
    consent = models.Consent.ANONYMOUS


class TheoryVersionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.TheoryVersion

    programme = factory.SubFactory(ProgrammeFactory)
    number = factory.Sequence(lambda n: n + 1)
    title = "Original theory"
    dated = factory.Faker("date_object")


class StatementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.TheoryStatement

    version = factory.SubFactory(TheoryVersionFactory)
    if_text = "We do this"
    then_text = "That changes"
    because_text = "A proposal is approved\nProviders change"


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.OutcomeIndicator

    programme = factory.SubFactory(ProgrammeFactory)
    name = factory.Sequence(lambda n: f"Indicator {n}")


class ClaimFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.ContributionClaim

    project = factory.SubFactory(ProjectFactory)
    indicator = factory.SubFactory(IndicatorFactory)
    status = models.ClaimStatus.ACHIEVED
    contribution = models.ContributionLevel.SOME
    narrative = "It happened, and the programme helped."


class StageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.EvaluationStage

    programme = factory.SubFactory(ProgrammeFactory)
    name = factory.Sequence(lambda n: f"Stage {n}")
    kind = models.EvaluationStageKind.MEMBER_CHECKING


class InvitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Invitation

    stage = factory.SubFactory(StageFactory)
    role_category = RoleCategory.PATIENT_REP


class ConsentRecordFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.ConsentRecord

    programme = factory.SubFactory(ProgrammeFactory)
    role_category = RoleCategory.PATIENT_REP
    consent = models.Consent.ANONYMOUS
    how = "Signed form"
