import factory

from projects.models import Milestone, Project, ProjectUpdate, UpdateComment
from tests.factories import OrganizationFactory, StaffFactory


class ProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Project

    organization = factory.SubFactory(OrganizationFactory)
    name = factory.Sequence(lambda n: f"Projeto {n}")
    description = "Descrição do projeto."


class MilestoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Milestone

    project = factory.SubFactory(ProjectFactory)
    title = factory.Sequence(lambda n: f"Etapa {n}")

    class Params:
        # MilestoneFactory(done=True): a concluded milestone.
        done = factory.Trait(state=Milestone.State.DONE)


class ProjectUpdateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProjectUpdate

    project = factory.SubFactory(ProjectFactory)
    author = factory.SubFactory(StaffFactory)
    body = factory.Sequence(lambda n: f"Atualização {n}")


class UpdateCommentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = UpdateComment

    update = factory.SubFactory(ProjectUpdateFactory)
    author = factory.SubFactory("tests.factories.UserFactory")
    body = factory.Sequence(lambda n: f"Comentário {n}")
