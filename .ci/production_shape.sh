#!/usr/bin/env bash
# Boot the production shape from the Procfile and drive it with a browser.
#
# Called by .ci/run after `make test`, and runnable alone against any PostgreSQL and Redis:
#
#   PS_PG_URL=postgres://coproduce:coproduce@127.0.0.1:5432 \
#   PS_REDIS_URL=redis://127.0.0.1:6379 bash .ci/production_shape.sh
#
# On a fresh database it runs the Procfile's one-shot `migrate` step, collects the static
# files, starts web, worker and beat through honcho with production settings (DEBUG=0, a
# random SECRET_KEY, secure cookies, JSON logs, the cache and broker on Redis), waits until
# /health/ready/ reports every part healthy, loads the demo and runs the browser journey
# in .ci/production_journey.py. It stops what it started (by PID) and drops the database.
#
# Settings (environment):
#   PS_PG_URL       PostgreSQL server, as a role that may create databases (no db name)
#   PS_REDIS_URL    Redis server (no db number); db PS_REDIS_DB and the next one are used
#   PS_REDIS_DB     first Redis db number (default 2: broker; 3: cache)
#   PS_WORK_DIR     work folder (default /tmp/coproduce-production-shape)
#   PS_WEB_PORT     port for gunicorn on 127.0.0.1 (default 58000)
#   PS_DB_NAME      database to create (default coproduce_production_shape)
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$(pwd)

REDIS_DB="${PS_REDIS_DB:-2}"
WORK="${PS_WORK_DIR:-/tmp/coproduce-production-shape}"
WEB_PORT="${PS_WEB_PORT:-58000}"
DB_NAME="${PS_DB_NAME:-coproduce_production_shape}"
PY="$ROOT/.venv/bin/python"
HONCHO_PID=""
HONCHO_LOG="$WORK/processes.log"
START=$(date +%s.%N)

say() { printf '\n--> %s\n' "$*"; }
elapsed() { "$PY" -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.1f}')" "$1" "$(date +%s.%N)"; }

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# The processes honcho started, from its "system | web.1 started (pid=N)" lines.
child_pids() {
    [ -f "$HONCHO_LOG" ] || return 0
    sed -n 's/^.* system *| [a-z]*\.[0-9]* started (pid=\([0-9]*\)).*$/\1/p' "$HONCHO_LOG"
}

# Whether any live (not zombie) process is in process group $1, read from /proc.
group_alive() {
    local group=$1 f st rest
    for f in /proc/[0-9]*/stat; do
        read -r st < "$f" 2>/dev/null || continue
        rest=${st##*) }
        # shellcheck disable=SC2086
        set -- $rest  # state ppid pgrp ...
        [ "$3" = "$group" ] && [ "$1" != Z ] && return 0
    done
    return 1
}

stop_processes() {
    local pid
    if [ -n "$HONCHO_PID" ] && kill -0 "$HONCHO_PID" 2>/dev/null; then
        say "Stopping web, worker and beat (honcho pid $HONCHO_PID)"
        # honcho passes SIGTERM on to each process and waits for them.
        kill -TERM "$HONCHO_PID"
        for _ in $(seq 300); do
            kill -0 "$HONCHO_PID" 2>/dev/null || break
            sleep 0.1
        done
        kill -0 "$HONCHO_PID" 2>/dev/null && kill -KILL "$HONCHO_PID"
        wait "$HONCHO_PID" 2>/dev/null || true
    fi
    # Honcho starts each process in its own session, so its process group holds it and
    # its children (gunicorn's workers, Celery's pool). They get 15 s to finish shutting
    # down after honcho has gone; any still running then are killed.
    for pid in $(child_pids); do
        for _ in $(seq 150); do
            group_alive "$pid" || break
            sleep 0.1
        done
        if group_alive "$pid"; then
            echo "Process group $pid still running 15 s after honcho; killing it."
            kill -KILL -- "-$pid" 2>/dev/null || true
        fi
    done
    HONCHO_PID=""
    rm -f "$WORK/honcho.pid"
}

# Processes a run killed before its trap fired left behind: honcho (pid file) and the
# process groups it started (its log). Only honcho, gunicorn or Celery are stopped.
ours() { grep -qsaE 'honcho|gunicorn|celery' "/proc/$1/cmdline"; }
stop_leftovers() {
    local pid
    if [ -f "$WORK/honcho.pid" ]; then
        pid=$(cat "$WORK/honcho.pid")
        if [ -n "$pid" ] && ours "$pid"; then
            echo "Stopping honcho ($pid) left by an earlier run."
            kill -TERM "$pid" 2>/dev/null || true
            sleep 5
        fi
    fi
    for pid in $(child_pids); do
        if ours "$pid"; then
            echo "Stopping process group $pid left by an earlier run."
            kill -KILL -- "-$pid" 2>/dev/null || true
        fi
    done
    rm -f "$WORK/honcho.pid"
}

drop_database() {
    "$PY" - "$PS_PG_URL" "$DB_NAME" <<'EOF' || true
import sys, psycopg
with psycopg.connect(sys.argv[1] + "/postgres", autocommit=True) as conn:
    conn.execute(f'DROP DATABASE IF EXISTS "{sys.argv[2]}" WITH (FORCE)')
EOF
}

cleanup() {
    local status=$?
    trap - EXIT
    stop_processes
    drop_database
    if [ "$status" -ne 0 ] && [ -f "$HONCHO_LOG" ]; then
        echo "Last process log lines ($HONCHO_LOG):"
        tail -n 40 "$HONCHO_LOG"
    fi
    echo "Production shape: exit status $status after $(elapsed "$START")s"
    exit "$status"
}
if [ "${1:-}" = --stop-leftovers ]; then
    stop_leftovers
    exit 0
fi
: "${PS_PG_URL:?set PS_PG_URL, e.g. postgres://coproduce:coproduce@127.0.0.1:5432}"
: "${PS_REDIS_URL:?set PS_REDIS_URL, e.g. redis://127.0.0.1:6379}"
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

stop_leftovers
port_in_use "$WEB_PORT" && { echo "port $WEB_PORT is in use; set PS_WEB_PORT" >&2; exit 1; }
rm -rf "$WORK"
mkdir -p "$WORK/var"
chmod 755 "$WORK"

# --- Production settings ---------------------------------------------------------------
export PATH="$ROOT/.venv/bin:$PATH"
export DEBUG=0
SECRET_KEY=$("$PY" -c 'import secrets; print(secrets.token_urlsafe(50))')
export SECRET_KEY
export ALLOWED_HOSTS=127.0.0.1,localhost
# Chromium's Origin is http://...; Django sees https (the proxy header), so list both.
export CSRF_TRUSTED_ORIGINS="https://localhost:$WEB_PORT,http://localhost:$WEB_PORT"
export SECURE_PROXY_SSL_HEADER=X-Forwarded-Proto
export DATABASE_URL="$PS_PG_URL/$DB_NAME"
export CELERY_BROKER_URL="$PS_REDIS_URL/$REDIS_DB"
export CACHE_URL="$PS_REDIS_URL/$((REDIS_DB + 1))"
export COPRODUCE_VAR_DIR="$WORK/var"
export LOG_FORMAT=json
export HOST=127.0.0.1 PORT="$WEB_PORT"
export WEB_CONCURRENCY=2 WORKER_CONCURRENCY=2
unset DJANGO_ALLOW_ASYNC_UNSAFE REQUIRE_SERVICES

say "Fresh database $DB_NAME and Redis dbs $REDIS_DB, $((REDIS_DB + 1))"
drop_database
"$PY" - "$PS_PG_URL" "$DB_NAME" "$CELERY_BROKER_URL" "$CACHE_URL" <<'EOF'
import sys, psycopg, redis
with psycopg.connect(sys.argv[1] + "/postgres", autocommit=True) as conn:
    conn.execute(f'CREATE DATABASE "{sys.argv[2]}"')
for url in sys.argv[3:]:
    redis.Redis.from_url(url).flushdb()
EOF

say "Procfile: migrate (one-shot)"
t=$(date +%s.%N)
honcho start --no-colour migrate > "$WORK/migrate.log" 2>&1 \
    || { cat "$WORK/migrate.log"; echo "migrate failed" >&2; exit 1; }
echo "$(grep -c 'Applying ' "$WORK/migrate.log" || true) migrations applied in $(elapsed "$t")s"

say "collectstatic"
t=$(date +%s.%N)
"$PY" manage.py collectstatic --no-input -v0
echo "static files collected in $(elapsed "$t")s"

say "Procfile: web, worker, beat (honcho, DEBUG=0, http://127.0.0.1:$WEB_PORT)"
BOOT=$(date +%s.%N)
honcho start --no-colour web worker beat > "$HONCHO_LOG" 2>&1 &
HONCHO_PID=$!
echo "$HONCHO_PID" > "$WORK/honcho.pid"
echo "honcho pid $HONCHO_PID; logs in $HONCHO_LOG"

ready=0
for _ in $(seq 240); do
    kill -0 "$HONCHO_PID" 2>/dev/null || { echo "honcho exited early" >&2; exit 1; }
    if "$PY" -m coproduce.probe web --quiet --timeout 5; then
        ready=1
        break
    fi
    sleep 0.5
done
BOOT_TO_READY=$(elapsed "$BOOT")
if [ "$ready" != 1 ]; then
    echo "Readiness never reported every part healthy. Last answer:" >&2
    "$PY" -m coproduce.probe web || true
    exit 1
fi
say "Readiness (/health/ready/) after ${BOOT_TO_READY}s"
"$PY" -m coproduce.probe web | tee "$WORK/readiness.txt"
for part in Database Cache Storage Redis "Celery worker"; do
    grep -qx "$part: OK" "$WORK/readiness.txt" || { echo "$part is not OK" >&2; exit 1; }
done
echo "liveness (/health/): $("$PY" -m coproduce.probe web --path /health/)"

say "Demo data (manage.py demo --force)"
t=$(date +%s.%N)
"$PY" manage.py demo --force > "$WORK/demo.log" 2>&1 || { cat "$WORK/demo.log"; exit 1; }
echo "demo loaded in $(elapsed "$t")s"

say "Browser journey (Chromium): sign in, dashboard, case study, PDF"
"$PY" .ci/production_journey.py --url "http://localhost:$WEB_PORT" --artefacts "$WORK" \
    | tee "$WORK/journey.json"
RESULT=$(tail -n 1 "$WORK/journey.json")
REQUEST_ID=$("$PY" -c 'import json, sys; print(json.loads(sys.argv[1])["request_id"])' "$RESULT")
TO_PDF=$("$PY" -c 'import json, sys; print(json.loads(sys.argv[1])["request_to_pdf_s"])' "$RESULT")

# The click's request id reaches the worker: its task log lines carry it.
worker_lines=$(grep -F "\"request_id\": \"$REQUEST_ID\"" "$HONCHO_LOG" | grep -c '^[0-9:]* worker' || true)
echo "worker log lines with the case-study request id $REQUEST_ID: $worker_lines"
[ "$worker_lines" -gt 0 ] || { echo "the request id did not reach the worker's logs" >&2; exit 1; }
echo "scheduled tasks beat sent while the journey ran: $(grep -c 'Sending due task' "$HONCHO_LOG" || true)"
# How many lines the processes wrote are not JSON (after honcho's "time name |" prefix;
# honcho's own lines left out): Celery's start-up banners. Shown, not failed on.
"$PY" - "$HONCHO_LOG" <<'EOF'
import json, re, sys
bad = []
for line in open(sys.argv[1], encoding="utf-8"):
    m = re.match(r"^\S+ (\S+)\s*\| (.*)$", line.rstrip("\n"))
    if not m or m[1] == "system" or not m[2].strip():
        continue
    try:
        json.loads(m[2])
    except ValueError:
        bad.append(line.rstrip())
print(f"non-JSON log lines: {len(bad)}")
for line in bad[:10]:
    print("  " + line)
EOF

stop_processes
say "Production shape passed"
echo "  boot to ready:   ${BOOT_TO_READY}s (web, worker and beat started to /health/ready/ all OK)"
echo "  request to PDF:  ${TO_PDF}s (case study asked for to PDF downloaded)"
