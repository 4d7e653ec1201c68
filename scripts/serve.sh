#!/usr/bin/env bash
# Serve the portal for development with its background work beside it: a Celery worker and
# beat when REDIS_URL is set, otherwise the sweeps in a loop (tasks then run eagerly).
# One command; Ctrl-C stops everything.
set -euo pipefail
PY=${PY:-.venv/bin/python}
HOST=${HOST:-127.0.0.1}
PORT=${PORT:-8000}

redis_url=$($PY manage.py shell -c "from django.conf import settings; print(settings.REDIS_URL)" 2>/dev/null | tail -n 1)
pids=()
cleanup() {
  trap - EXIT INT TERM
  [ ${#pids[@]} -gt 0 ] && kill "${pids[@]}" 2>/dev/null || true
  wait 2>/dev/null || true
}
trap cleanup EXIT INT TERM

if [ -n "$redis_url" ]; then
  echo "background work: Celery worker and beat over $redis_url"
  $PY -m celery -A config worker --loglevel=INFO --concurrency=2 &
  pids+=($!)
  $PY -m celery -A config beat --loglevel=INFO &
  pids+=($!)
else
  echo "background work: sweeps every 60 s (no REDIS_URL: tasks run in the web process)"
  $PY manage.py run_sweeps --loop --interval 60 &
  pids+=($!)
fi
$PY manage.py runserver "$HOST:$PORT"
