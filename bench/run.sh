#!/usr/bin/env bash
# The benchmark harness: a large generated community on PostgreSQL, served by
# gunicorn with the production settings, loaded URL by URL with wrk, plus queries per
# request, gzip bytes and Lighthouse scores, against the budgets in docs/BENCHMARKS.md.
#
#   bash bench/run.sh           full: scale 1.0, 20 s per URL and pass -> docs/BENCHMARKS.md
#   bash bench/run.sh --smoke   CI:   scale 0.01, 3 s per URL and pass -> bench/results/ only
#   bash bench/run.sh --signed  only the signed-in section (no anonymous wrk, no
#                               Lighthouse) -> its section of docs/BENCHMARKS.md
#
# BENCH_SCALE overrides the data scale (e.g. 0.25 when full scale takes too long).
# After the anonymous rounds, a resident, a grid worker and a staff member are signed
# in (real sessions) and every page of issue 16's list is loaded with their cookie:
# median of 10 single renders (in rounds of every page once), queries, HTML KB,
# beside /healthz and /bench/floor/
# (an empty page through base.html), then under load with wrk (bench/signed.py).
#
# Each URL is loaded twice: as anonymous visitors with the production page cache on
# (the budgeted figures), then with a session cookie that bypasses the cache.
#
# Everything runs on 127.0.0.1; everything it starts is stopped on exit.
# Environment: BENCH_DB (default portal_bench), CONN_MAX_AGE (default 60).
set -euo pipefail

MODE=full
case "${1:-}" in
  --smoke) MODE=smoke ;;
  --signed) MODE=signed ;;
  "") ;;
  *) echo "usage: bash bench/run.sh [--smoke|--signed]" >&2; exit 2 ;;
esac

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

if [[ $MODE == smoke ]]; then
  SCALE=0.01 DURATION=3s SIGNED_REPEAT=3 SIGNED_DURATION=""
else
  SCALE=1.0 DURATION=20s SIGNED_REPEAT=10 SIGNED_DURATION=5s
fi
SCALE="${BENCH_SCALE:-$SCALE}"
THREADS=2 CONNECTIONS=16 WORKERS=2
BENCH_DB="${BENCH_DB:-portal_bench}"
PG_ARGS=(-h 127.0.0.1 -p 5432 -U postgres)
PY="$ROOT/.venv/bin/python"
LIGHTHOUSE="$ROOT/bench/node_modules/.bin/lighthouse"
CHROME_FLAGS="--headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --disable-sync --no-first-run"

STAMP="$(date -u +%Y%m%dT%H%M%SZ)"
RESULTS="$ROOT/bench/results/$MODE-$STAMP"
mkdir -p "$RESULTS"
WORK="$(mktemp -d -t portal-bench-XXXXXX)"
SERVER_PID=""

log() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

cleanup() {
  local status=$?
  if [[ -n $SERVER_PID ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
    log "stopping gunicorn ($SERVER_PID)"
    kill -TERM "$SERVER_PID" 2>/dev/null || true
    for _ in $(seq 1 40); do
      kill -0 "$SERVER_PID" 2>/dev/null || break
      sleep 0.25
    done
    kill -KILL "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  rm -rf "$WORK"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- tools -------------------------------------------------------------------------
if [[ ! -x $PY ]]; then
  log "creating .venv from requirements-dev.txt"
  python3 -m venv "$ROOT/.venv"
  "$ROOT/.venv/bin/pip" install --quiet -r "$ROOT/requirements-dev.txt"
fi
if ! command -v wrk >/dev/null; then
  log "installing wrk (Debian package)"
  apt-get install -y -qq wrk >/dev/null 2>&1 \
    || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
fi
if [[ ! -x $LIGHTHOUSE ]] && command -v npm >/dev/null; then
  log "installing Lighthouse into bench/node_modules"
  (cd "$ROOT/bench" && timeout 300 npm ci --no-audit --no-fund --loglevel=error) \
    || log "npm ci failed: Lighthouse will be reported as not run"
fi
LIGHTHOUSE_VERSION="not installed"
if [[ -x $LIGHTHOUSE && -x /usr/bin/chromium ]]; then
  LIGHTHOUSE_VERSION="$(node -p 'require("./bench/node_modules/lighthouse/package.json").version')"
fi

# --- database ------------------------------------------------------------------------
if ! pg_isready -q -h 127.0.0.1 -p 5432; then
  log "starting PostgreSQL"
  pg_ctlcluster --skip-systemctl-redirect 15 main start || true
  for _ in $(seq 1 60); do
    pg_isready -q -h 127.0.0.1 -p 5432 && break
    sleep 0.5
  done
  pg_isready -q -h 127.0.0.1 -p 5432 || { log "PostgreSQL did not start"; exit 1; }
fi
# BENCH_REUSE_DB=1 keeps a database an earlier run generated (at the same scale), to
# measure a change again without generating the data anew.
REUSE=0
if [[ ${BENCH_REUSE_DB:-0} == 1 ]] \
  && psql "${PG_ARGS[@]}" -d "$BENCH_DB" -tAc "SELECT 1 FROM accounts_user LIMIT 1" >/dev/null 2>&1; then
  REUSE=1
  log "reusing database $BENCH_DB (BENCH_REUSE_DB=1)"
else
  log "recreating database $BENCH_DB"
  dropdb "${PG_ARGS[@]}" --if-exists "$BENCH_DB"
  createdb "${PG_ARGS[@]}" "$BENCH_DB"
fi

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
# Production refuses a per-process cache (check --deploy, portal.E002): the bench uses
# Redis as a deployment does (database 9, emptied first), so a version key bumped by
# one worker is seen by the other.
export CACHE_URL="${BENCH_CACHE_URL:-redis://127.0.0.1:6379/9}"
if command -v redis-cli >/dev/null && redis-cli -n 9 ping >/dev/null 2>&1; then
  redis-cli -n 9 flushdb >/dev/null
else
  log "Redis does not answer on 127.0.0.1:6379: the cache is per process"
  export CACHE_URL="locmemcache://bench"
fi

log "migrating"
"$PY" manage.py migrate --noinput -v0
if [[ $REUSE == 0 ]]; then
log "generating data at scale $SCALE"
# The generator is a development tool, not installed in production: the bench settings
# are production's plus community_portal.devtools. Everything else runs on production.
DJANGO_SETTINGS_MODULE=community_portal.settings.bench \
  "$PY" manage.py bench_generate --scale "$SCALE" | tee "$RESULTS/generate.log"
fi
# Fresh statistics, as autovacuum keeps them on a live database: right after a bulk
# load the planner still thinks the tables are empty and picks poor plans.
psql "${PG_ARGS[@]}" -d "$BENCH_DB" -q -c "VACUUM ANALYZE"
log "collecting static files"
"$PY" manage.py collectstatic --noinput -v0

# --- server --------------------------------------------------------------------------
PORT="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
BASE="http://127.0.0.1:$PORT"
log "starting gunicorn on $BASE"
"$ROOT/.venv/bin/gunicorn" community_portal.wsgi \
  --workers "$WORKERS" --bind "127.0.0.1:$PORT" --graceful-timeout 5 --no-control-socket \
  --error-logfile "$RESULTS/gunicorn.log" &
SERVER_PID=$!
for _ in $(seq 1 60); do
  curl -fsS --max-time 2 "$BASE/healthz" >/dev/null 2>&1 && break
  kill -0 "$SERVER_PID" 2>/dev/null || { log "gunicorn died; see $RESULTS/gunicorn.log"; exit 1; }
  sleep 0.5
done
curl -fsS --max-time 2 "$BASE/healthz" >/dev/null || { log "/healthz never answered"; exit 1; }

# --- measurements --------------------------------------------------------------------
LOAD_BEFORE="$(cut -d' ' -f1-3 /proc/loadavg)"
if [[ $MODE != signed ]]; then
SMOKE_FLAG=()
[[ $MODE == smoke ]] && SMOKE_FLAG=(--smoke)
"$PY" bench/measure.py plan --out "$RESULTS/urls.tsv" "${SMOKE_FLAG[@]}"
mapfile -t PLAN <"$RESULTS/urls.tsv"
# Other work on the machine skews every figure: the report shows the load it met.
LOAD_BEFORE="$(cut -d' ' -f1-3 /proc/loadavg)"

index=0
for line in "${PLAN[@]}"; do
  IFS=$'\t' read -r key path _lighthouse <<<"$line"
  status="$(curl -s -o /dev/null -w '%{http_code}' --max-time 60 "$BASE$path" || true)"
  echo "$status" >"$RESULTS/status-$index.txt"
  if [[ $status =~ ^[23] ]]; then
    # Cached: anonymous visitors, production page cache on (the budgeted figures).
    log "wrk $DURATION $path ($status)"
    wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --timeout 10s --latency \
      "$BASE$path" >"$RESULTS/wrk-$index.txt" 2>&1 || log "wrk failed on $path"
    # Uncached: a session cookie bypasses the page cache, so every request renders.
    log "wrk $DURATION $path (uncached)"
    wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --timeout 10s --latency \
      -H "Cookie: sessionid=bench" \
      "$BASE$path" >"$RESULTS/wrk-$index-uncached.txt" 2>&1 \
      || log "wrk (uncached) failed on $path"
  else
    log "skipping load on $path: status $status"
  fi
  index=$((index + 1))
done

log "counting queries per request"
"$PY" bench/measure.py queries --plan "$RESULTS/urls.tsv" --out "$RESULTS/queries.json"
log "timing the Excel ledger of the quarter"
"$PY" bench/ledger.py --out "$RESULTS/ledger.json" || log "the Excel ledger is over budget"
log "measuring gzip bytes"
"$PY" bench/measure.py bytes --plan "$RESULTS/urls.tsv" --base "$BASE" --out "$RESULTS/bytes.json"

if [[ $LIGHTHOUSE_VERSION != "not installed" ]]; then
  index=0
  for line in "${PLAN[@]}"; do
    IFS=$'\t' read -r key path lighthouse <<<"$line"
    status="$(cat "$RESULTS/status-$index.txt")"
    if [[ $lighthouse == 1 && $status =~ ^[23] ]]; then
      # A busy machine sometimes spoils the trace (NO_NAVSTART): one more try then.
      for attempt in 1 2; do
        log "Lighthouse $path (attempt $attempt)"
        CHROME_PATH=/usr/bin/chromium timeout 180 "$LIGHTHOUSE" "$BASE$path" \
          --quiet --output=json --output-path="$RESULTS/lighthouse-$index.json" \
          --only-categories=performance,accessibility,best-practices \
          --chrome-flags="$CHROME_FLAGS" >"$RESULTS/lighthouse-$index.log" 2>&1 \
          || log "Lighthouse failed on $path; see $RESULTS/lighthouse-$index.log"
        python3 -c 'import json, sys; sys.exit(bool(json.load(open(sys.argv[1])).get("runtimeError")))' \
          "$RESULTS/lighthouse-$index.json" 2>/dev/null && break
      done
    fi
    index=$((index + 1))
  done
else
  log "Lighthouse not available: scores reported as not run"
fi

# --- report --------------------------------------------------------------------------
COMMIT="$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)"
if [[ -n "$(git -C "$ROOT" status --porcelain 2>/dev/null | grep -v '^??' || true)" ]]; then
  COMMIT="$COMMIT (with uncommitted changes)"
fi
CPU="$(grep -m1 'model name' /proc/cpuinfo 2>/dev/null | cut -d: -f2- | sed 's/^ *//' || true)"
if [[ $MODE == smoke ]]; then
  OUT="$RESULTS/BENCHMARKS.md"
else
  OUT="$ROOT/docs/BENCHMARKS.md"
fi
"$PY" bench/measure.py report --results "$RESULTS" --out "$OUT" \
  --mode "$MODE" --scale "$SCALE" --date "$(date '+%Y-%m-%d %H:%M %Z')" \
  --commit "$COMMIT" --nproc "$(nproc)" --cpu "${CPU:-unknown CPU}" \
  --workers "$WORKERS" --conn-max-age "$CONN_MAX_AGE" --threads "$THREADS" \
  --connections "$CONNECTIONS" --duration "$DURATION" \
  --lighthouse-version "$LIGHTHOUSE_VERSION" --load "$LOAD_BEFORE"
log "report written to ${OUT#"$ROOT"/}; raw results in ${RESULTS#"$ROOT"/}"
fi

# --- signed in, uncached (bench/signed.py) -------------------------------------------------
log "signing in a resident, a grid worker and a staff member"
"$PY" bench/signed.py sessions --out "$RESULTS/signed-sessions.json"
log "single renders, median of $SIGNED_REPEAT"
"$PY" bench/signed.py render --sessions "$RESULTS/signed-sessions.json" --base "$BASE" \
  --repeat "$SIGNED_REPEAT" --out "$RESULTS/signed-render.json"
"$PY" bench/signed.py queries --sessions "$RESULTS/signed-sessions.json" \
  --out "$RESULTS/signed-queries.json"
if [[ -n $SIGNED_DURATION ]]; then
  index=0
  while IFS=$'\t' read -r path cookie; do
    log "wrk $SIGNED_DURATION $path (signed in)"
    wrk -t"$THREADS" -c"$CONNECTIONS" -d"$SIGNED_DURATION" --timeout 10s --latency \
      -H "Cookie: $cookie" "$BASE$path" >"$RESULTS/signed-wrk-$index.txt" 2>&1 \
      || log "wrk (signed in) failed on $path"
    index=$((index + 1))
  done < <(python3 -c 'import json, sys
plan = json.load(open(sys.argv[1]))
for row in plan["rows"]:
    print(row["path"] + "\t" + plan["people"][row["who"]]["cookie"])' "$RESULTS/signed-sessions.json")
fi
if [[ $MODE == signed ]]; then
  log "timing the Excel ledger of the quarter"
  "$PY" bench/ledger.py --out "$RESULTS/ledger.json" || log "the Excel ledger is over budget"
fi
SIGNED_OUT="$ROOT/docs/BENCHMARKS.md"
[[ $MODE == smoke ]] && SIGNED_OUT="$RESULTS/BENCHMARKS.md"
"$PY" bench/signed.py report --results "$RESULTS" --out "$SIGNED_OUT" --scale "$SCALE" \
  --repeat "$SIGNED_REPEAT" --duration "$SIGNED_DURATION" \
  --command "bash bench/run.sh${1:+ $1}${BENCH_SCALE:+ (BENCH_SCALE=$BENCH_SCALE)}, load $LOAD_BEFORE" >/dev/null
log "signed-in section written to ${SIGNED_OUT#"$ROOT"/}"
