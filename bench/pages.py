"""Signed-in page benchmark: the customer pages under load, next to two baselines served by
the same gunicorn with the same settings ("ok", and one query + a small template).

    make bench                                  # N = 500 and 5,000 tickets, 3 rounds of 10 s
    .venv/bin/python bench/pages.py --sizes 50 --duration 2 --rounds 1   # smoke run (CI)

For each N it builds its own PostgreSQL database (`portal_bench_pages`, dropped and created
next to the one in DATABASE_URL), runs `migrate` and `demo_data`, gives the demo customer Ana
N tickets of three messages each, starts gunicorn (DEBUG=0, production settings, persistent
connections as in production) and drives every page with wrk through a signed-in session,
pages interleaved round by round (the page cache on, as in production: `--no-page-cache`
measures rendering instead). It prints req/s (median of the rounds), p50/p99 latency,
queries per page and the ratio to the one-query view, and refuses to report (exit 1) if any
response was not a 200.
"""

import argparse
import json
import os
import signal
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DB_NAME = "portal_bench_pages"
LUA = Path(__file__).resolve().parent / "wrk_report.lua"
BASELINES = ("ok", "one query + template")


def parse_args(argv=None):
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="500,5000", help="tickets owned by the customer, comma-separated")
    parser.add_argument("--duration", type=int, default=10, help="seconds of load per page and round")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument(
        "--only", default="", help="comma-separated page names to drive (baselines always run)"
    )
    parser.add_argument(
        "--no-page-cache",
        action="store_true",
        help="render every request (PAGE_CACHE_URL=dummycache://): what a first view or a view"
        " after a change costs",
    )
    return parser.parse_args(argv)


def base_env() -> dict:
    url = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/portal")
    if not url.startswith("postgres"):
        sys.exit("bench/pages.py measures the production shape: DATABASE_URL must be PostgreSQL")
    server = url.rsplit("/", 1)[0]
    env = dict(os.environ)
    env.update(
        DATABASE_URL=f"{server}/{DB_NAME}",
        DJANGO_SETTINGS_MODULE="bench.settings",
        DEBUG="0",
        SECRET_KEY=env.get("SECRET_KEY", "bench-" + "x" * 60),
        ALLOWED_HOSTS="127.0.0.1,localhost,testserver",
        SECURE_SSL_REDIRECT="0",
        SESSION_COOKIE_SECURE="0",
        CSRF_COOKIE_SECURE="0",
        STATIC_MANIFEST="0",  # no collectstatic needed; WhiteNoise is not what is measured
        LOG_LEVEL="WARNING",
        PYTHONPATH=str(ROOT),
    )
    env.setdefault("REDIS_URL", "redis://127.0.0.1:6379/0")
    return env


def manage(env, *args):
    subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL
    )


def recreate_database(env):
    import psycopg

    admin_url = env["DATABASE_URL"].rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", [DB_NAME])
        conn.execute(f'DROP DATABASE IF EXISTS "{DB_NAME}"')
        conn.execute(f'CREATE DATABASE "{DB_NAME}"')


def prepare(env, tickets: int) -> dict:
    """A fresh database with the demo data and `tickets` tickets for Ana; returns the pages."""
    recreate_database(env)
    manage(env, "migrate", "--noinput")
    manage(env, "demo_data")
    out = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), "seed", str(tickets)],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def seed(tickets: int) -> None:
    """Runs inside Django (a subprocess of the benchmark): bulk tickets, then the pages and
    the queries each one runs, printed as one JSON line."""
    import django

    django.setup()
    import random
    from datetime import timedelta

    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from kb.models import Article
    from notifications.models import Notification
    from portal import page_cache
    from tickets.models import Message, Sector, Ticket, TicketRead

    User = get_user_model()
    ana = User.objects.get(username="ana")
    staff = User.objects.get(username="equipe")
    sectors = list(Sector.objects.all())
    statuses = [s for s, _ in Ticket.Status.choices]
    rng = random.Random(2026)
    now = timezone.now()
    first = (Ticket.objects.order_by("-number").values_list("number", flat=True).first() or 1000) + 1
    batch = []
    for i in range(tickets):
        opened = now - timedelta(minutes=10 * (tickets - i))
        batch.append(
            Ticket(
                number=first + i,
                customer=ana,
                organization=ana.organization,
                sector=rng.choice(sectors),
                subject=f"Chamado de carga {i}: nota fiscal rejeitada no lote {rng.randint(1, 999)}",
                status=rng.choice(statuses),
                created_at=opened,
                last_activity_at=opened + timedelta(minutes=5),
                staff_updated_at=opened + timedelta(minutes=3),
            )
        )
    created = Ticket.objects.bulk_create(batch, batch_size=1000)
    messages, reads = [], []
    for ticket in created:
        at = ticket.created_at
        messages += [
            Message(
                ticket=ticket, author=ana, body="Ao transmitir a nota aparece a rejeição 539.", created_at=at
            ),
            Message(
                ticket=ticket,
                author=staff,
                body="Verificamos o cadastro do cliente: corrija a inscrição estadual e transmita de novo.",
                created_at=at + timedelta(minutes=3),
            ),
            Message(
                ticket=ticket, author=ana, body="Funcionou, obrigado!", created_at=at + timedelta(minutes=5)
            ),
        ]
        if rng.random() < 0.8:
            reads.append(TicketRead(ticket=ticket, user=ana, read_at=at + timedelta(minutes=6)))
    Message.objects.bulk_create(messages, batch_size=2000)
    TicketRead.objects.bulk_create(reads, batch_size=2000)
    Notification.objects.bulk_create(
        [
            Notification(
                recipient=ana,
                kind=Notification.Kind.TICKET,
                event="ticket_reply",
                params={"number": f"#{t.number}", "subject": t.subject},
                title=f"Nova resposta no chamado #{t.number}: {t.subject}",
                link=f"/chamados/{t.number}/",
                read_at=None if rng.random() < 0.3 else now,
            )
            for t in created[-200:]
        ]
    )
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    # Rows written in bulk send no signals: start every reader's cached pages afresh (the
    # Redis keys outlive the database this script drops and re-creates).
    page_cache.touch(everyone=True)

    client = Client()
    client.force_login(ana)
    session = client.cookies["sessionid"].value
    newest = max(created, key=lambda t: t.last_activity_at) if created else Ticket.objects.first()
    status = Ticket.Status.IN_PROGRESS
    article = Article.objects.filter(
        status=Article.Status.PUBLISHED, visibility=Article.Visibility.PUBLIC
    ).first()
    pages = {
        "ok": "/bench/ok/",
        "one query + template": "/bench/one-query/",
        "public home (anonymous)": "/",
        "dashboard": "/painel/",
        "ticket list": "/chamados/",
        "ticket list, filtered, page 3": f"/chamados/?status={status}&page=3",
        "ticket page": newest.get_absolute_url(),
        "notifications": "/notificacoes/",
        "projects": "/projetos/",
        "ideas": "/ideias/",
        "kb article": article.get_absolute_url() if article else "/",
    }
    queries = {}
    client.get("/meus-dados/")  # a session's first page also records it (Meus dados → Sessões)
    for name, url in pages.items():
        reader = Client() if anonymous(name) else client
        counts = []
        # The first view renders (and may mark things read); by the third nothing changed.
        for _ in range(3):
            with CaptureQueriesContext(connection) as captured:
                response = reader.get(url)
            if response.status_code != 200:
                raise SystemExit(f"{name} {url} answered {response.status_code}")
            counts.append(len(captured))
        queries[name] = counts[0] if counts[0] == counts[-1] else f"{counts[0]} / {counts[-1]}"
    print(json.dumps({"session": session, "pages": pages, "queries": queries}))


def anonymous(name: str) -> bool:
    """The baselines are minimal views, as a load balancer or API would call them: no session
    cookie (with one, the session and person would be loaded by the middleware stack)."""
    return "anonymous" in name or name in BASELINES


def start_gunicorn(env, args) -> subprocess.Popen:
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "portal.wsgi",
            "--workers",
            str(args.workers),
            "--bind",
            f"127.0.0.1:{args.port}",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{args.port}/bench/ok/", timeout=2) as response:
                if response.status == 200:
                    return server
        except OSError:
            time.sleep(0.2)
    stop(server)
    raise SystemExit("gunicorn did not answer within 60 s")


def stop(server: subprocess.Popen) -> None:
    os.killpg(server.pid, signal.SIGTERM)
    server.wait(timeout=30)


def wrk(args, url: str, session: str | None, duration: int) -> dict:
    command = ["wrk", f"-t{args.threads}", f"-c{args.connections}", f"-d{duration}s", "-s", str(LUA)]
    if session:
        command += ["-H", f"Cookie: sessionid={session}"]
    out = subprocess.run(
        [*command, f"http://127.0.0.1:{args.port}{url}"], check=True, capture_output=True, text=True
    )
    result = json.loads(out.stdout.strip().splitlines()[-1])
    result["rps"] = result["requests"] / (result["duration_us"] / 1e6)
    return result


def measure(args, setup: dict) -> dict:
    only = {name.strip() for name in args.only.split(",") if name.strip()}
    pages = {
        name: url for name, url in setup["pages"].items() if not only or name in only or name in BASELINES
    }
    runs: dict[str, list[dict]] = {name: [] for name in pages}
    for name, url in pages.items():  # warm-up: every worker has its connection and templates
        wrk(args, url, None if anonymous(name) else setup["session"], 1)
    for _ in range(args.rounds):
        for name, url in pages.items():
            session = None if anonymous(name) else setup["session"]
            runs[name].append(wrk(args, url, session, args.duration))
    return runs


def summarize(runs: dict, queries: dict) -> dict:
    table = {}
    for name, results in runs.items():
        table[name] = {
            "rps": statistics.median(r["rps"] for r in results),
            "p50_ms": statistics.median(r["p50_us"] for r in results) / 1000,
            "p99_ms": statistics.median(r["p99_us"] for r in results) / 1000,
            "bad": sum(r["non200"] + r["socket_errors"] for r in results),
            "queries": queries[name],
        }
    return table


def report(tables: dict[int, dict]) -> int:
    sizes = list(tables)
    names = list(tables[sizes[0]])
    print()
    header = "| page | " + " | ".join(f"req/s N={n:,} | p50 / p99 ms | queries | ÷ one-query" for n in sizes)
    print(header + " |")
    # "queries": rendered, or "rendered / served again from the page cache".
    print("|---" * (1 + 4 * len(sizes)) + "|")
    bad = 0
    for name in names:
        cells = []
        for n in sizes:
            row = tables[n][name]
            ratio = row["rps"] / tables[n]["one query + template"]["rps"]
            cells.append(
                f"{row['rps']:,.0f} | {row['p50_ms']:.1f} / {row['p99_ms']:.1f}"
                f" | {row['queries']} | {ratio:.0%}"
            )
            bad += row["bad"]
        print(f"| {name} | " + " | ".join(cells) + " |")
    if len(sizes) > 1:
        first, last = sizes[0], sizes[-1]
        print()
        for name in names:
            change = tables[last][name]["rps"] / tables[first][name]["rps"] - 1
            print(f"{name}: {change:+.0%} from N={first:,} to N={last:,}")
    if bad:
        print(f"\nREFUSED: {bad} responses were not a 200 (or failed); the figures above are not a result.")
        return 1
    return 0


def main(argv=None) -> int:
    args = parse_args(argv)
    env = base_env()
    if args.no_page_cache:
        env["PAGE_CACHE_URL"] = "dummycache://"
    tables = {}
    for tickets in (int(n) for n in args.sizes.split(",")):
        print(f"N={tickets:,}: preparing the database…", flush=True)
        setup = prepare(env, tickets)
        server = start_gunicorn(env, args)
        try:
            print(
                f"N={tickets:,}: driving {len(setup['pages'])} pages, {args.rounds} × {args.duration} s…",
                flush=True,
            )
            tables[tickets] = summarize(measure(args, setup), setup["queries"])
        finally:
            stop(server)
    return report(tables)


if __name__ == "__main__":
    if sys.argv[1:2] == ["seed"]:
        sys.path.insert(0, str(ROOT))
        seed(int(sys.argv[2]))
    else:
        sys.exit(main())
