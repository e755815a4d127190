#!/usr/bin/env bash
# pretix side by side (issue 16, point 5): `make bench-peer`.
#
# Installs pretix (bench/peer/requirements.txt, pinned) into its own environment
# bench/peer/.venv, gives it a PostgreSQL database (pretix_bench), Redis for its
# cache and sessions, a pretix.cfg and a data directory in a temp dir, runs its static
# build (`python -m pretix rebuild`), makes one organizer and one live event with 20
# products and quotas (setup_pretix.py), and serves it with gunicorn, 2 sync workers,
# debug off. Beside it the portal as bench/run.sh serves it (gunicorn, 2 sync workers,
# production settings, BENCH_FLOOR_PAGE=1). In the same run, for pretix's event page
# (anonymous) and the portal's /activities/ and busiest activity (signed in, past the
# page cache; anonymous, page cache on): one warm-up and the median of 10 single
# renders, then `wrk -t2 -c16 -d5s --latency`. The table goes between the
# <!-- peer:… --> markers of docs/BENCHMARKS.md.
#
# Environment:
#   BENCH_DB        the portal's database (default portal_bench, as bench/run.sh)
#   BENCH_REUSE_DB  1: measure on that database as an earlier run generated it (read
#                   only apart from the resident's session, deleted at the end);
#                   otherwise it is dropped, created and generated at BENCH_SCALE
#   BENCH_SCALE     data scale when generating (default 1.0)
#   PEER_PRETIX_PORT, PEER_PORTAL_PORT   ports on 127.0.0.1 (default 8310, 8311)
#   PEER_REDIS_URL  pretix's Redis (default redis://127.0.0.1:6379/12; "none": without)
#   PEER_DURATION   wrk's duration (default 5s); PEER_REPEAT single renders (10)
#   PEER_OUT        the file the section goes to (default docs/BENCHMARKS.md)
#   PEER_NOTE       a line added under the table
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
PEER="$ROOT/bench/peer"
cd "$ROOT"

BENCH_DB="${BENCH_DB:-portal_bench}"
SCALE="${BENCH_SCALE:-1.0}"
PRETIX_DB=pretix_bench
PRETIX_PORT="${PEER_PRETIX_PORT:-8310}"
PORTAL_PORT="${PEER_PORTAL_PORT:-8311}"
REDIS_URL="${PEER_REDIS_URL:-redis://127.0.0.1:6379/12}"
DURATION="${PEER_DURATION:-5s}"
REPEAT="${PEER_REPEAT:-10}"
OUT="${PEER_OUT:-$ROOT/docs/BENCHMARKS.md}"
THREADS=2 CONNECTIONS=16 WORKERS=2
PG_ARGS=(-h 127.0.0.1 -p 5432 -U postgres)
PY="$ROOT/.venv/bin/python"
PVENV="$PEER/.venv"
PPY="$PVENV/bin/python"

STAMP="$(date -u +%Y%m%dT%H%M%SZ)"
RESULTS="$ROOT/bench/results/peer-$STAMP"
mkdir -p "$RESULTS"
WORK="$(mktemp -d -t portal-peer-XXXXXX)"
PRETIX_PID="" PORTAL_PID="" SIGNED_IN=0

log() { printf '[peer %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

stop() {
  local pid=$1
  [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 40); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.25
  done
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

cleanup() {
  local status=$?
  if [[ $SIGNED_IN == 1 ]]; then
    "$PY" "$PEER/peer.py" forget --portal "$RESULTS/peer-portal.json" || true
  fi
  [[ -n $PRETIX_PID ]] && log "stopping pretix ($PRETIX_PID)" && stop "$PRETIX_PID"
  [[ -n $PORTAL_PID ]] && log "stopping the portal ($PORTAL_PID)" && stop "$PORTAL_PID"
  rm -rf "$WORK"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() {
  python3 - "$1" <<'EOF'
import socket, sys
s = socket.socket()
try:
    s.bind(("127.0.0.1", int(sys.argv[1])))
except OSError:
    s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])
EOF
}

wait_for() {  # url pid log
  for _ in $(seq 1 120); do
    curl -fsS --max-time 5 "$1" >/dev/null 2>&1 && return 0
    kill -0 "$2" 2>/dev/null || { log "the server died; see $3"; return 1; }
    sleep 0.5
  done
  log "$1 never answered; see $3"
  return 1
}

# --- tools -------------------------------------------------------------------------------
[[ -x $PY ]] || { log "the portal's .venv is missing: run make bench (or make run) once"; exit 1; }
if ! command -v wrk >/dev/null; then
  log "installing wrk (Debian package)"
  apt-get install -y -qq wrk >/dev/null 2>&1 \
    || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
fi
REQ_SUM="$(sha256sum "$PEER/requirements.txt" | cut -d' ' -f1)"
if [[ ! -x $PPY ]] || [[ "$(cat "$PVENV/.requirements.sha256" 2>/dev/null)" != "$REQ_SUM" ]]; then
  log "installing pretix into bench/peer/.venv (a few minutes the first time)"
  started=$SECONDS
  [[ -x $PPY ]] || python3 -m venv "$PVENV"
  "$PVENV/bin/pip" install --quiet --disable-pip-version-check -r "$PEER/requirements.txt"
  rm -f "$PVENV"/.rebuilt-*
  echo "$REQ_SUM" >"$PVENV/.requirements.sha256"
  log "installed in $((SECONDS - started)) s"
fi
PRETIX_VERSION="$("$PPY" -c 'import pretix; print(pretix.__version__)')"
PRETIX_DJANGO="$("$PPY" -c 'import django; print(django.get_version())')"
PORTAL_DJANGO="$("$PY" -c 'import django; print(django.get_version())')"
GUNICORN_VERSION="$("$PY" -c 'import gunicorn; print(gunicorn.__version__)')"
PYTHON_VERSION="$("$PY" -c 'import platform; print(platform.python_version())')"

# --- PostgreSQL ------------------------------------------------------------------------------
if ! pg_isready -q -h 127.0.0.1 -p 5432; then
  log "starting PostgreSQL"
  pg_ctlcluster --skip-systemctl-redirect 15 main start || true
  for _ in $(seq 1 60); do
    pg_isready -q -h 127.0.0.1 -p 5432 && break
    sleep 0.5
  done
  pg_isready -q -h 127.0.0.1 -p 5432 || { log "PostgreSQL did not start"; exit 1; }
fi

# --- pretix ----------------------------------------------------------------------------------
PRETIX_PORT="$(free_port "$PRETIX_PORT")"
PRETIX="http://127.0.0.1:$PRETIX_PORT"
mkdir -p "$WORK/pretix-data" "$RESULTS/pretix-logs"
PRETIX_CACHE="no Redis: pretix's database-backed sessions and no shared cache"
REDIS_SECTION=""
if [[ $REDIS_URL != none ]] && python3 - "$REDIS_URL" <<'EOF'
import socket, sys
from urllib.parse import urlsplit
url = urlsplit(sys.argv[1])
with socket.create_connection((url.hostname, url.port or 6379), timeout=2) as s:
    s.sendall(b"PING\r\n")
    sys.exit(0 if s.recv(16).startswith(b"+PONG") else 1)
EOF
then
  REDIS_SECTION="[redis]
location=$REDIS_URL
sessions=true"
  PRETIX_CACHE="Redis (\`$REDIS_URL\`) for its cache and sessions, as its production setup has it"
else
  log "no Redis at $REDIS_URL: pretix runs without (reported)"
fi
cat >"$WORK/pretix.cfg" <<EOF
[pretix]
instance_name=pretix bench
url=$PRETIX
currency=EUR
datadir=$WORK/pretix-data
logdir=$RESULTS/pretix-logs

[django]
secret=$(python3 -c 'import secrets; print(secrets.token_urlsafe(50))')
debug=off

[database]
backend=postgresql
name=$PRETIX_DB
user=postgres
host=127.0.0.1
port=5432

[mail]
from=bench@localhost
host=127.0.0.1
port=1

$REDIS_SECTION
EOF
export PRETIX_CONFIG_FILE="$WORK/pretix.cfg" DJANGO_SETTINGS_MODULE=pretix.settings
if ! psql "${PG_ARGS[@]}" -d "$PRETIX_DB" -tAc "SELECT 1" >/dev/null 2>&1; then
  log "creating database $PRETIX_DB"
  createdb "${PG_ARGS[@]}" "$PRETIX_DB"
fi
log "pretix: migrate (a few minutes on a new database)"
(cd "$WORK" && "$PPY" -m pretix migrate --noinput) \
  >"$RESULTS/pretix-migrate.log" 2>&1 \
  || { log "pretix migrate failed; see $RESULTS/pretix-migrate.log"; exit 1; }
if [[ ! -e $PVENV/.rebuilt-$PRETIX_VERSION ]]; then
  log "pretix: rebuild (messages, static files, compressed assets)"
  (cd "$WORK" && "$PPY" -m pretix rebuild) >"$RESULTS/pretix-rebuild.log" 2>&1 \
    || { log "pretix rebuild failed; see $RESULTS/pretix-rebuild.log"; exit 1; }
  touch "$PVENV/.rebuilt-$PRETIX_VERSION"
fi
log "pretix: organizer, event, 20 products with quotas"
EVENT_PATH="$(cd "$WORK" && "$PPY" "$PEER/setup_pretix.py" \
  2>"$RESULTS/pretix-setup.log" | tee "$RESULTS/pretix-setup.json" \
  | python3 -c 'import json, sys; print(json.load(sys.stdin)["path"])')"
log "starting pretix on $PRETIX"
(cd "$WORK" && exec "$PVENV/bin/gunicorn" pretix.wsgi \
  --workers "$WORKERS" --bind "127.0.0.1:$PRETIX_PORT" --graceful-timeout 5 \
  --no-control-socket --error-logfile "$RESULTS/pretix-gunicorn.log") &
PRETIX_PID=$!
wait_for "$PRETIX/healthcheck/" "$PRETIX_PID" "$RESULTS/pretix-gunicorn.log"

# --- the portal ------------------------------------------------------------------------------
export DJANGO_SETTINGS_MODULE=community_portal.settings.production
export DATABASE_URL="postgres://postgres@127.0.0.1:5432/$BENCH_DB"
SECRET_KEY="$(python3 -c 'import secrets; print(secrets.token_urlsafe(64))')"
export SECRET_KEY
export ALLOWED_HOSTS=127.0.0.1,localhost
export SECURE_SSL_REDIRECT=0 DEBUG=0
export STATIC_ROOT="$WORK/static" MEDIA_ROOT="$WORK/media"
export CONN_MAX_AGE="${CONN_MAX_AGE:-60}"
export LOG_LEVEL=WARNING
export BENCH_FLOOR_PAGE=1
unset PRETIX_CONFIG_FILE

if [[ ${BENCH_REUSE_DB:-0} == 1 ]] \
  && psql "${PG_ARGS[@]}" -d "$BENCH_DB" -tAc "SELECT 1 FROM accounts_user LIMIT 1" >/dev/null 2>&1; then
  log "reusing database $BENCH_DB (BENCH_REUSE_DB=1, read only)"
  SCALE=""
  "$PY" manage.py migrate --check --noinput -v0 \
    || { log "$BENCH_DB lacks migrations of this checkout: run without BENCH_REUSE_DB"; exit 1; }
else
  log "recreating database $BENCH_DB, data at scale $SCALE"
  dropdb "${PG_ARGS[@]}" --if-exists "$BENCH_DB"
  createdb "${PG_ARGS[@]}" "$BENCH_DB"
  "$PY" manage.py migrate --noinput -v0
  DJANGO_SETTINGS_MODULE=community_portal.settings.bench \
    "$PY" manage.py bench_generate --scale "$SCALE" >"$RESULTS/generate.log"
  psql "${PG_ARGS[@]}" -d "$BENCH_DB" -q -c "VACUUM ANALYZE"
fi
"$PY" manage.py collectstatic --noinput -v0
PORTAL_PORT="$(free_port "$PORTAL_PORT")"
PORTAL="http://127.0.0.1:$PORTAL_PORT"
log "starting the portal on $PORTAL"
"$ROOT/.venv/bin/gunicorn" community_portal.wsgi \
  --workers "$WORKERS" --bind "127.0.0.1:$PORTAL_PORT" --graceful-timeout 5 \
  --no-control-socket --error-logfile "$RESULTS/portal-gunicorn.log" &
PORTAL_PID=$!
wait_for "$PORTAL/healthz" "$PORTAL_PID" "$RESULTS/portal-gunicorn.log"

# --- measurements ----------------------------------------------------------------------------
log "signing in the resident with most registrations"
SIGNED_IN=1
"$PY" "$PEER/peer.py" portal --out "$RESULTS/peer-portal.json"
"$PY" "$PEER/peer.py" plan --portal "$RESULTS/peer-portal.json" --portal-base "$PORTAL" \
  --pretix "$PRETIX" --event "$EVENT_PATH" \
  --out "$RESULTS/peer-plan.json" --tsv "$RESULTS/peer-plan.tsv"
LOAD_BEFORE="$(cut -d' ' -f1-3 /proc/loadavg)"
log "single renders, median of $REPEAT"
"$PY" "$PEER/peer.py" render --plan "$RESULTS/peer-plan.json" --repeat "$REPEAT" \
  --out "$RESULTS/peer-render.json"
while IFS=$'\t' read -r index url cookie; do
  log "wrk $DURATION $url${cookie:+ (signed in)}"
  headers=()
  [[ -n $cookie ]] && headers=(-H "Cookie: $cookie")
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --timeout 10s --latency \
    "${headers[@]}" "$url" >"$RESULTS/peer-wrk-$index.txt" 2>&1 \
    || log "wrk failed on $url"
done <"$RESULTS/peer-plan.tsv"
LOAD_AFTER="$(cut -d' ' -f1-3 /proc/loadavg)"

# --- report ----------------------------------------------------------------------------------
COMMIT="$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)"
if [[ -n "$(git -C "$ROOT" status --porcelain 2>/dev/null | grep -v '^??' || true)" ]]; then
  COMMIT="$COMMIT (with uncommitted changes)"
fi
CPU="$(grep -m1 'model name' /proc/cpuinfo 2>/dev/null | cut -d: -f2- | sed 's/^ *//' || true)"
COMMAND="make bench-peer (BENCH_DB=$BENCH_DB"
[[ ${BENCH_REUSE_DB:-0} == 1 ]] && COMMAND="$COMMAND BENCH_REUSE_DB=1"
COMMAND="$COMMAND)"
"$PY" "$PEER/peer.py" report --results "$RESULTS" --out "$OUT" --command "$COMMAND" \
  --date "$(date '+%Y-%m-%d %H:%M %Z')" --commit "$COMMIT" \
  --machine "$(nproc) CPUs (\`nproc\`), ${CPU:-unknown CPU}" \
  --load-before "$LOAD_BEFORE" --load-after "$LOAD_AFTER" --db "$BENCH_DB" \
  --pretix-version "$PRETIX_VERSION" --pretix-django "$PRETIX_DJANGO" \
  --pretix-cache "$PRETIX_CACHE" --portal-django "$PORTAL_DJANGO" \
  --python "$PYTHON_VERSION" --gunicorn "$GUNICORN_VERSION" \
  --conn-max-age "$CONN_MAX_AGE" --workers "$WORKERS" --threads "$THREADS" \
  --connections "$CONNECTIONS" --duration "$DURATION" --repeat "$REPEAT" \
  --scale "$SCALE" --note "${PEER_NOTE:-}" >"$RESULTS/peer-section.md"
cat "$RESULTS/peer-section.md"
log "section written to ${OUT#"$ROOT"/}; raw results in ${RESULTS#"$ROOT"/}"
