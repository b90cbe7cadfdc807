import uuid

from django.db import IntegrityError, transaction
from django.db.models import Avg, Count, Exists, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.template.defaultfilters import truncatechars
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from notifications.messages import in_each_language
from notifications.models import Notification
from notifications.services import notify
from portal import page_cache

from .models import RATING_MAX, RATING_MIN, Comment, Follow, Idea, Rating, StatusChange, Vote


def _locked(idea: Idea) -> Idea:
    """The idea's row, locked until the transaction ends (SELECT ... FOR UPDATE on PostgreSQL;
    SQLite has one writer at a time anyway). Writers of votes and ratings take this lock first,
    so the counters they recompute are never overwritten by a concurrent, older count."""
    return Idea.objects.select_for_update().get(pk=idea.pk)


def _refresh_counts(idea: Idea) -> None:
    """Recompute the kept counters from the rows (call with the idea locked)."""
    votes = Vote.objects.filter(idea=idea).count()
    ratings = Rating.objects.filter(idea=idea).aggregate(n=Count("pk"), avg=Avg("score"))
    idea.vote_count, idea.rating_count, idea.rating_avg = votes, ratings["n"], ratings["avg"]
    Idea.objects.filter(pk=idea.pk).update(
        vote_count=idea.vote_count, rating_count=idea.rating_count, rating_avg=idea.rating_avg
    )
    page_cache.touch(everyone=True)


def idea_counts_refresh(*, idea: Idea) -> Idea:
    """Bring the idea's vote count and average rating back in line with its rows (for data
    written outside the services, e.g. a deleted user's votes)."""
    with transaction.atomic():
        locked = _locked(idea)
        _refresh_counts(locked)
    idea.vote_count, idea.rating_count, idea.rating_avg = (
        locked.vote_count,
        locked.rating_count,
        locked.rating_avg,
    )
    return idea


def ideas_counts_refresh(ideas) -> int:
    """Recompute the kept counters of many ideas in one UPDATE (after rows were deleted
    outside the services, e.g. with a deleted person's votes). Returns the ideas updated."""
    page_cache.touch(everyone=True)
    return ideas.update(
        vote_count=Coalesce(_per_idea(Vote, Count("pk")), Value(0)),
        rating_count=Coalesce(_per_idea(Rating, Count("pk")), Value(0)),
        rating_avg=_per_idea(Rating, Avg("score")),
    )


def _per_idea(model, aggregate) -> Subquery:
    rows = model.objects.filter(idea=OuterRef("pk")).order_by().values("idea")
    return Subquery(rows.annotate(v=aggregate).values("v")[:1])


def idea_publish(*, idea: Idea) -> bool:
    """Show the idea to customers. The first publication sets `published_at` ("newest" means
    newest to customers: a suggestion published today is new today; publishing again after
    hiding it keeps the date). False if it was already published."""
    if idea.published:
        return False
    idea.published = True
    idea.published_at = idea.published_at or timezone.now()
    idea.save(update_fields=["published", "published_at"])
    return True


def idea_vote_set(*, idea: Idea, user: User, voted: bool) -> bool:
    """Cast or withdraw the user's vote on a published idea; returns whether it now counts.

    Idempotent: a double-submitted "vote" still leaves exactly one vote (the idea row is
    locked first, so two concurrent votes by the same person run one after the other and the
    second finds the first; the unique constraint backs it). `idea.vote_count` is updated in
    the same transaction.
    """
    if not idea.published or idea.merged_into_id:
        raise ValueError("Votes are only for published ideas.")
    with transaction.atomic():
        locked = _locked(idea)
        if voted:
            _, created = Vote.objects.get_or_create(idea=locked, user=user)
            changed = created
        else:
            changed = bool(Vote.objects.filter(idea=locked, user=user).delete()[0])
        if changed:
            _refresh_counts(locked)
    idea.vote_count = locked.vote_count
    return voted


def idea_rate(*, idea: Idea, user: User, score: int) -> Rating:
    """Rate a published idea from 1 to 5; rating again replaces the user's previous score.
    The idea's rating count and average change in the same transaction."""
    if not idea.published or idea.merged_into_id:
        raise ValueError("Ratings are only for published ideas.")
    if not RATING_MIN <= score <= RATING_MAX:
        raise ValueError(f"A rating goes from {RATING_MIN} to {RATING_MAX}.")
    with transaction.atomic():
        locked = _locked(idea)
        rating, _ = Rating.objects.update_or_create(idea=locked, user=user, defaults={"score": score})
        _refresh_counts(locked)
    idea.rating_count, idea.rating_avg = locked.rating_count, locked.rating_avg
    return rating


def idea_suggest(*, user: User, title: str, description: str) -> Idea:
    """Record a customer's suggestion as an unpublished idea for staff to review, alert the
    team (a notification linking to the idea in the admin), and make the author a follower
    so comments reach them once it is published. All or nothing."""
    with transaction.atomic():
        idea = Idea.objects.create(title=title, description=description, suggested_by=user, published=False)
        Follow.objects.create(idea=idea, user=user)
        team = User.objects.filter(is_staff=True, is_active=True)
        notify(
            team,
            kind=Notification.Kind.IDEA,
            event="idea_suggested",
            params={"title": title, "excerpt": truncatechars(description, 300)},
            link=reverse("admin:ideas_idea_change", args=[idea.pk]),
        )
    return idea


def idea_status_set(*, idea: Idea, status: str, note: str = "", by: User | None) -> StatusChange | None:
    """Change the idea's situação, record it with the team's note (the history customers see),
    and tell each voter once, in their language, with a link to the idea. All or nothing.

    None, and nobody is told, when the idea already had that status (a resent form or a second
    click changes nothing). Voters of an unpublished idea are told too: they voted while it
    was public.
    """
    if status not in Idea.Status.values:
        raise ValueError(f"Unknown status {status!r}.")
    with transaction.atomic():
        locked = _locked(idea)
        if locked.status == status:
            return None
        change = StatusChange.objects.create(
            idea=locked, old_status=locked.status, new_status=status, note=note.strip(), changed_by=by
        )
        Idea.objects.filter(pk=locked.pk).update(status=status, updated_at=timezone.now())
        idea.status = locked.status = status
        voters = User.objects.filter(Exists(Vote.objects.filter(idea=locked, user=OuterRef("pk"))))
        notify(
            voters,
            kind=Notification.Kind.IDEA_STATUS,
            event="idea_status",
            params={
                "status": in_each_language(change.get_new_status_display),
                "title": locked.title,
                # The team's note, as typed.
                "excerpt": change.note,
            },
            link=locked.get_absolute_url(),
        )
    return change


def idea_follow_set(*, idea: Idea, user: User, following: bool) -> bool:
    """Follow ("Acompanhar") or stop following a published idea; idempotent."""
    if not idea.published or idea.merged_into_id:
        raise ValueError("Only published ideas can be followed.")
    if following:
        Follow.objects.get_or_create(idea=idea, user=user)
    else:
        Follow.objects.filter(idea=idea, user=user).delete()
    return following


def idea_comment(*, idea: Idea, author: User, body: str, client_token: uuid.UUID | None = None) -> Comment:
    """Add a comment to a published idea, make its author a follower (customers), and tell
    the other followers (not the author) with a notification linking to the comment. All or
    nothing. Sending the same `client_token` again (a double click, a resent form) returns
    the first comment and tells nobody again."""
    if not idea.published or idea.merged_into_id:
        raise ValueError("Comments are only for published ideas.")
    body = body.strip()
    if not body:
        raise ValueError("A comment needs a text.")
    if (existing := _token_comment(author, client_token)) is not None:
        return existing
    try:
        with transaction.atomic():
            comment = Comment.objects.create(idea=idea, author=author, body=body, client_token=client_token)
            if not author.is_staff:
                Follow.objects.get_or_create(idea=idea, user=author)
            followers = User.objects.filter(
                Exists(Follow.objects.filter(idea=idea, user=OuterRef("pk")))
            ).exclude(pk=author.pk)
            notify(
                followers,
                kind=Notification.Kind.IDEA_COMMENT,
                event="idea_comment_team" if author.is_staff else "idea_comment",
                params={
                    "name": author.get_full_name() or author.get_username(),
                    "title": idea.title,
                    "excerpt": truncatechars(body, 300),
                },
                link=f"{idea.get_absolute_url()}#comment-{comment.pk}",
            )
    except IntegrityError:
        if (existing := _token_comment(author, client_token)) is not None:
            return existing
        raise
    return comment


def _token_comment(author: User, client_token) -> Comment | None:
    if not client_token:
        return None
    return Comment.objects.filter(author=author, client_token=client_token).first()


def idea_comment_hide(*, comment: Comment, hidden: bool = True) -> bool:
    """Hide a comment from customers (or show it again). False when nothing changed."""
    changed = bool(Comment.objects.filter(pk=comment.pk).exclude(hidden=hidden).update(hidden=hidden))
    if changed:
        page_cache.touch(everyone=True)
    return changed


def idea_merge(*, duplicate: Idea, target: Idea, by: User | None) -> Idea:
    """Merge a duplicate into the target idea, all or nothing:

    - each customer's vote moves over once (a customer who voted for both keeps one vote);
    - ratings likewise (the customer's rating of the target wins over the duplicate's);
    - followers and comments move over;
    - the duplicate stops being listed and its page redirects to the target;
    - the duplicate's voters are told, once each, with a link to the target;
    - both ideas' counters are recomputed.

    Merging into itself or into a merged idea is refused (ValueError): a merge never makes a
    chain or a loop. So is merging into an unpublished idea (its voters could not open it).
    """
    if duplicate.pk == target.pk:
        raise ValueError(_("An idea cannot be merged into itself."))
    with transaction.atomic():
        # Lock both rows, always in the same order, so two merges cannot deadlock.
        locked = {
            i.pk: i
            for i in Idea.objects.select_for_update().filter(pk__in=[duplicate.pk, target.pk]).order_by("pk")
        }
        dup, tgt = locked[duplicate.pk], locked[target.pk]
        if dup.merged_into_id:
            raise ValueError(_("This idea was already merged."))
        if tgt.merged_into_id:
            raise ValueError(_("The target idea was merged into another one."))
        if not tgt.published:
            raise ValueError(_("The target idea is not published: its new voters could not see it."))
        voter_ids = list(Vote.objects.filter(idea=dup).values_list("user_id", flat=True))

        for model in (Vote, Rating, Follow):
            already = model.objects.filter(idea=tgt, user=OuterRef("user"))
            model.objects.filter(idea=dup).exclude(Exists(already)).update(idea=tgt)
            model.objects.filter(idea=dup).delete()
        Comment.objects.filter(idea=dup).update(idea=tgt)
        # Ideas merged into the duplicate earlier now point at the target (no chains).
        Idea.objects.filter(merged_into=dup).update(merged_into=tgt)

        Idea.objects.filter(pk=dup.pk).update(merged_into=tgt, updated_at=timezone.now())
        dup.merged_into = tgt
        _refresh_counts(dup)
        _refresh_counts(tgt)
        notify(
            User.objects.filter(pk__in=voter_ids),
            kind=Notification.Kind.IDEA_STATUS,
            event="idea_merged",
            params={"target": tgt.title, "duplicate": dup.title},
            link=tgt.get_absolute_url(),
        )
    duplicate.merged_into = tgt
    return tgt
