"""Full-text search over the knowledge base, in Portuguese, on both supported databases.

- PostgreSQL: a stored, weighted `tsvector` column (title A, summary and tags B, text C) built
  with the `portuguese_unaccent` configuration (unaccent + Portuguese stemmer), a GIN index,
  `ts_rank` ordering, `ts_headline` snippets, and a trigram fallback (pg_trgm) for typos.
- SQLite (the embedded default): an FTS5 table with `unicode61 remove_diacritics 2`,
  ranked with `bm25`, with `snippet()`.

The column and the FTS table are created by migration 0002 for their own database only,
and kept in sync by `index_article` (called by the services that save articles).

Both backends read the same query plan: words without accents, each widened to its
singular/plural forms ("notas fiscais" also looks for "nota fiscal"), all words required.
Only `[a-z0-9]` ever reaches a query string, so no search syntax can be injected.
Visibility is always `Article.objects.visible_to(user)`: nothing else is ever shown.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, SearchVectorField
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.db.models import BooleanField, FloatField, Q
from django.db.models.expressions import RawSQL
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .models import Article

CONFIG = "portuguese_unaccent"
FTS_TABLE = "kb_article_fts"
MIN_LENGTH = 2
MAX_LENGTH = 100
MAX_TERMS = 8
# Counting every match of a very common word costs more than it tells: "1000+" is enough.
MAX_COUNT = 1000
TRIGRAM_THRESHOLD = 0.4
# Highlight markers: control characters that never occur in article text; the snippet is
# escaped first, then only these become <mark>.
START, STOP = "\x02", "\x03"

_WORD = re.compile(r"[a-z0-9]+")
_PLURALS = [  # singular ending -> plural ending (Portuguese), applied to words without accents
    ("ao", "oes"),
    ("ao", "aes"),
    ("ao", "aos"),
    ("al", "ais"),
    ("el", "eis"),
    ("ol", "ois"),
    ("ul", "uis"),
    ("il", "is"),
    ("m", "ns"),
    ("r", "res"),
    ("z", "zes"),
    ("s", "ses"),
]


def normalize(query: str) -> str:
    """Lowercase, no accents, single spaces, at most MAX_LENGTH characters: the form searches
    are logged and compared in."""
    text = unicodedata.normalize("NFKD", query or "")
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    return " ".join(text.split())[:MAX_LENGTH]


# Words too common to narrow anything down (compared without accents).
STOPWORDS = frozenset(
    [
        "a",
        "o",
        "as",
        "os",
        "de",
        "da",
        "do",
        "das",
        "dos",
        "e",
        "em",
        "no",
        "na",
        "nos",
        "nas",
        "ao",
        "aos",
        "um",
        "uma",
        "uns",
        "umas",
        "para",
        "pra",
        "por",
        "pelo",
        "pela",
        "com",
        "sem",
        "que",
        "se",
        "como",
        "meu",
        "minha",
        "meus",
        "minhas",
        "seu",
        "sua",
        "nao",
        "sim",
        "the",
        "and",
        "or",
        "of",
        "to",
        "in",
        "is",
        "it",
        "eu",
        "ele",
        "ela",
        "isso",
        "esse",
        "essa",
        "este",
        "esta",
        "mais",
        "muito",
        "ja",
        "foi",
        "ser",
        "ter",
    ]
)


# Words a ticket subject is full of ("Erro ao emitir...", "Problema na tela..."): for
# suggestions they would match half the base.
SUBJECT_WORDS = frozenset(
    str.split("erro erros problema problemas ajuda duvida duvidas consigo conseguindo sistema tela")
    + ["urgente", "favor"]
)


def terms(query: str, *, suggest: bool = False) -> list[str]:
    words = [w for w in _WORD.findall(normalize(query)) if len(w) >= MIN_LENGTH or w.isdigit()]
    ignored = STOPWORDS | SUBJECT_WORDS if suggest else STOPWORDS
    meaningful = [w for w in words if w not in ignored]
    return (meaningful or words)[:MAX_TERMS]


def variants(word: str) -> list[str]:
    """The word plus its likely singular and plural forms (over-generating is harmless:
    forms that do not exist match nothing)."""
    forms = {word}
    if word.isdigit():
        return [word]
    for singular, plural in _PLURALS:
        if word.endswith(plural) and len(word) > len(plural) + 1:
            forms.add(word[: -len(plural)] + singular)
        if word.endswith(singular):
            forms.add(word[: -len(singular)] + plural)
    if word.endswith("s") and len(word) > 3:
        forms.add(word[:-1])
    elif word[-1] in "aeiou":
        forms.add(word + "s")
    return sorted(forms)


def is_searchable(query: str) -> bool:
    return bool(terms(query))


def highlight(snippet: str | None) -> SafeString:
    """Escape everything, then turn only our markers into <mark>."""
    text = escape((snippet or "").strip())
    return mark_safe(text.replace(START, "<mark>").replace(STOP, "</mark>"))  # noqa: S308 - escaped above


@dataclass
class Hit:
    article: Article
    snippet: SafeString


class Results:
    """A ranked result list the Paginator can slice; only the page's rows are loaded. The
    count stops at MAX_COUNT (`capped` says so)."""

    def __init__(self, *, count_fn, page_fn):
        self._count_fn = count_fn
        self._page_fn = page_fn
        self._count = None

    def count(self) -> int:
        if self._count is None:
            self._count = min(self._count_fn(), MAX_COUNT)
        return self._count

    @property
    def capped(self) -> bool:
        return self.count() >= MAX_COUNT

    def __len__(self):
        return self.count()

    def __getitem__(self, index):
        if isinstance(index, slice):
            return self._page_fn(index.start or 0, index.stop)
        return self._page_fn(index, index + 1)[0]


EMPTY = Results(count_fn=lambda: 0, page_fn=lambda start, stop: [])


def search(*, user, query: str, suggest: bool = False, within=None) -> Results:
    """Articles `user` may read that match `query`, best first.

    The search page requires every word. `suggest` (what someone is typing as a ticket's
    subject) needs any word, ranks those matching more words first, and treats the last
    word as unfinished ("certif" finds "certificado"). `within` limits it to a category and
    its sections (the plugin's system).
    """
    words = terms(query, suggest=suggest)
    if not words:
        return EMPTY
    visible = Article.objects.visible_to(user)
    if within is not None:
        visible = visible.filter(Q(category=within) | Q(category__parent=within))
    if connection.vendor == "postgresql":
        return _postgres(visible, words, suggest)
    if connection.vendor == "sqlite":
        return _sqlite(visible, words, suggest)
    raise ImproperlyConfigured("Knowledge-base search supports PostgreSQL and SQLite only.")


# PostgreSQL -----------------------------------------------------------------------------


def _tsquery(words: list[str], suggest: bool) -> str:
    groups = []
    for position, word in enumerate(words):
        suffix = ":*" if suggest and position == len(words) - 1 else ""
        groups.append("(" + " | ".join(f"{form}{suffix}" for form in variants(word)) + ")")
    return (" | " if suggest else " & ").join(groups)


def _column(name: str) -> RawSQL:
    return RawSQL(f'"{Article._meta.db_table}"."{name}"', [], output_field=SearchVectorField())  # noqa: S611


# Body-only matches are ranked by relevance when they are this few; beyond that (a very
# common word) they come newest first, which costs no ranking of thousands of rows.
RANK_BODY_LIMIT = 300


def _capped_count(queryset) -> int:
    # LIMIT lets PostgreSQL stop early on common words and use the GIN index on rare ones.
    return queryset.order_by()[: MAX_COUNT + 1].count()


def _postgres(visible, words, suggest) -> Results:
    """Matches come in two tiers: articles whose title, summary or tags match, ranked on that
    small vector; then articles that match only in their text. Ranking every match on its
    full text would read (and decompress) every matching article's vector."""
    query = SearchQuery(_tsquery(words, suggest), search_type="raw", config=CONFIG)
    head, full = _column("search_head"), _column("search_vector")
    matches = visible.alias(document=full).filter(document=query)
    total = _capped_count(matches)
    if not total:
        return EMPTY if suggest else _postgres_typos(visible, words)
    in_head = (
        matches.alias(head_document=head)
        .filter(head_document=query)
        .annotate(rank=SearchRank(head, query))
        .order_by("-rank", "-updated_at", "pk")
    )
    head_count = _capped_count(in_head)
    body_only = matches.alias(head_document=head).exclude(head_document=query)
    if total - head_count <= RANK_BODY_LIMIT:
        body_only = body_only.annotate(rank=SearchRank(full, query)).order_by("-rank", "-updated_at", "pk")
    else:
        body_only = body_only.order_by("-updated_at", "pk")
    headline = SearchHeadline(
        "body_text",
        query,
        config=CONFIG,
        start_sel=START,
        stop_sel=STOP,
        max_words=30,
        min_words=12,
        max_fragments=2,
        fragment_delimiter=" … ",
    )

    def rows(qs, start, stop):
        return (
            list(qs.select_related("category").annotate(headline=headline)[start:stop])
            if stop > start
            else []
        )

    def load(start, stop):
        stop = min(stop, total)
        found = rows(in_head, min(start, head_count), min(stop, head_count))
        found += rows(body_only, max(start - head_count, 0), max(stop - head_count, 0))
        return [Hit(article, highlight(article.headline)) for article in found]

    return Results(count_fn=lambda: total, page_fn=load)


def _postgres_typos(visible, words) -> Results:
    """Nothing matched every word. If some words match nothing at all, they may be typos
    ("nota fical"): keep the words that exist, and look for titles with a word like each
    unknown one (pg_trgm's word similarity, on the trigram index of accent-free titles).
    Words that all exist but never together are not typos: no results is the honest answer."""
    document = _column("search_vector")
    known: list[str] = []
    unknown: list[str] = []
    for word in words:
        group = SearchQuery(_tsquery([word], False), search_type="raw", config=CONFIG)
        (known if _capped_count(visible.alias(document=document).filter(document=group)) else unknown).append(
            word
        )
    if not unknown:
        return EMPTY
    with connection.cursor() as cursor:
        # How alike a title word must be (0..1) for `<%`; pg_trgm's default 0.6 misses
        # one-letter typos in short words ("fical": 0.44). Only this query uses `<%`.
        cursor.execute("SET pg_trgm.word_similarity_threshold = %s", [TRIGRAM_THRESHOLD])
    similar = visible
    if known:
        query = SearchQuery(_tsquery(known, False), search_type="raw", config=CONFIG)
        similar = similar.alias(document=document).filter(document=query)
    title = f'lower(kb_unaccent("{Article._meta.db_table}"."title"))'
    for word in unknown:
        # `<%`: the word is like some word of the title (pg_trgm.word_similarity_threshold).
        similar = similar.filter(RawSQL(f"%s <%% {title}", [word], output_field=BooleanField()))  # noqa: S611
    score = RawSQL(  # noqa: S611 - the words are parameters
        " + ".join([f"word_similarity(%s, {title})"] * len(unknown)),
        unknown,
        output_field=FloatField(),
    )
    similar = similar.annotate(similarity=score).order_by("-similarity", "pk").select_related("category")
    return Results(
        count_fn=lambda: _capped_count(similar),
        page_fn=lambda start, stop: [Hit(a, escape(a.summary)) for a in similar[start:stop]],
    )


def _postgres_index(article: Article, texts: dict[str, str]) -> None:
    head, rest = texts["title"], texts["summary"] + " " + texts["tags"]
    with connection.cursor() as cursor:
        cursor.execute(
            f"""UPDATE {Article._meta.db_table} SET
                search_head = setweight(to_tsvector('{CONFIG}', %s), 'A')
                    || setweight(to_tsvector('{CONFIG}', %s), 'B'),
                search_vector = setweight(to_tsvector('{CONFIG}', %s), 'A')
                    || setweight(to_tsvector('{CONFIG}', %s), 'B')
                    || setweight(to_tsvector('{CONFIG}', %s), 'C')
            WHERE id = %s""",  # noqa: S608 - constants only; values are parameters
            [
                head := texts["title"],
                rest := texts["summary"] + " " + texts["tags"],
                head,
                rest,
                texts["body"],
                article.pk,
            ],
        )


# SQLite ---------------------------------------------------------------------------------


def _match(words: list[str], suggest: bool) -> str:
    # Every form is a prefix ("nota"* finds "notas"): FTS5 has no Portuguese stemmer; the
    # singular/plural forms cover the irregular plurals ("fiscal", "fiscais").
    groups = []
    for word in words:
        star = "" if word.isdigit() else "*"
        groups.append("(" + " OR ".join(f'"{form}"{star}' for form in variants(word)) + ")")
    return (" OR " if suggest else " AND ").join(groups)


def _sqlite(visible, words, suggest) -> Results:
    match = _match(words, suggest)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s "  # noqa: S608 - constant name
            f"ORDER BY bm25({FTS_TABLE}, 10.0, 4.0, 4.0, 1.0)",
            [match],
        )
        ranked = [row[0] for row in cursor.fetchall()]
        if ranked:
            # bm25 alone lets a long text full of common words beat a title that says it
            # all: articles whose title matches come first, each group in bm25 order.
            cursor.execute(
                f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s",  # noqa: S608
                [f"title : ({match})"],
            )
            in_title = {row[0] for row in cursor.fetchall()}
            ranked.sort(key=lambda pk: pk not in in_title)
    allowed = set(visible.filter(pk__in=ranked).values_list("pk", flat=True)) if ranked else set()
    ids = [pk for pk in ranked if pk in allowed]

    def load(start, stop):
        page_ids = ids[start:stop]
        if not page_ids:
            return []
        articles = Article.objects.select_related("category").in_bulk(page_ids)
        placeholders = ",".join(["%s"] * len(page_ids))
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT rowid, snippet({FTS_TABLE}, 3, %s, %s, ' … ', 24) FROM {FTS_TABLE} "  # noqa: S608
                f"WHERE {FTS_TABLE} MATCH %s AND rowid IN ({placeholders})",
                [START, STOP, match, *page_ids],
            )
            snippets = dict(cursor.fetchall())
        return [Hit(articles[pk], highlight(snippets.get(pk))) for pk in page_ids if pk in articles]

    return Results(count_fn=lambda: len(ids), page_fn=load)


def _sqlite_index(article: Article, texts: dict[str, str]) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {FTS_TABLE} WHERE rowid = %s", [article.pk])  # noqa: S608
        cursor.execute(
            f"INSERT INTO {FTS_TABLE} (rowid, title, summary, tags, body) VALUES (%s, %s, %s, %s, %s)",  # noqa: S608
            [article.pk, texts["title"], texts["summary"], texts["tags"], texts["body"]],
        )


def unindex_article(article_id: int) -> None:
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {FTS_TABLE} WHERE rowid = %s", [article_id])  # noqa: S608


def index_article(article: Article) -> None:
    """Bring the article's search entry up to date (its text, translations and tags)."""
    translations = list(article.translations.all())
    texts = {
        "title": " ".join([article.title, *(t.title for t in translations)]),
        "summary": " ".join([article.summary, *(t.summary for t in translations)]),
        "tags": " ".join(tag.name for tag in article.tags.all()),
        "body": "\n".join([article.body_text, *(t.body_text for t in translations)]),
    }
    if connection.vendor == "postgresql":
        _postgres_index(article, texts)
    elif connection.vendor == "sqlite":
        _sqlite_index(article, texts)
    else:
        raise ImproperlyConfigured("Knowledge-base search supports PostgreSQL and SQLite only.")
