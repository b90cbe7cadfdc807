import factory
from django.utils import timezone

from kb import services
from kb.models import Article, ArticleTranslation, Category, Tag


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category

    name = factory.Sequence(lambda n: f"Sistema {n}")
    slug = factory.Sequence(lambda n: f"sistema-{n}")
    icon = "gear"


class SectionFactory(CategoryFactory):
    parent = factory.SubFactory(CategoryFactory)
    name = factory.Sequence(lambda n: f"Seção {n}")
    slug = factory.Sequence(lambda n: f"secao-{n}")


class TagFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Tag
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"etiqueta {n}")
    slug = factory.LazyAttribute(lambda t: t.name.replace(" ", "-"))


class ArticleFactory(factory.django.DjangoModelFactory):
    """A published public article, indexed for search (as the admin's save does)."""

    class Meta:
        model = Article
        skip_postgeneration_save = True

    category = factory.SubFactory(CategoryFactory)
    title = factory.Sequence(lambda n: f"Artigo {n}")
    slug = factory.Sequence(lambda n: f"artigo-{n}")
    summary = "Um resumo do artigo."
    body = "## Primeiro passo\n\nTexto do artigo.\n\n## Segundo passo\n\nMais texto."
    status = Article.Status.PUBLISHED
    visibility = Article.Visibility.PUBLIC
    published_at = factory.LazyFunction(lambda: timezone.now() - timezone.timedelta(days=1))

    @factory.post_generation
    def tags(self, create, extracted, **kwargs):
        if create and extracted:
            self.tags.set([TagFactory(name=name, slug=name.replace(" ", "-")) for name in extracted])

    @factory.post_generation
    def companies(self, create, extracted, **kwargs):
        if create and extracted:
            self.companies.set(extracted)

    @factory.post_generation
    def en(self, create, extracted, **kwargs):
        # en={"title": ..., "summary": ..., "body": ...} adds an English translation.
        if create and extracted:
            ArticleTranslation.objects.create(article=self, language="en", **extracted)

    @factory.post_generation
    def indexed(self, create, extracted, **kwargs):
        if create:
            services.article_refresh(article=self)
