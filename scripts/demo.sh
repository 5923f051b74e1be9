#!/usr/bin/env bash
# Start the demo: migrate, load the demo data (once), collect static files, then run the
# background worker and gunicorn on $HOST:$PORT until Ctrl-C. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PY:-.venv/bin/python}
HOST=${HOST:-127.0.0.1}
PORT=${PORT:-8000}
export GONGHUI_DEFAULT_AS_OF=${GONGHUI_DEFAULT_AS_OF:-2018-06-30}

"$PY" manage.py migrate --noinput -v 0
"$PY" manage.py load_demo
"$PY" manage.py collectstatic --noinput -v 0

# Jobs left 处理中 by a worker that died (its heartbeat stopped) are failed before it restarts.
"$PY" manage.py reap_jobs >/dev/null
"$PY" manage.py db_worker --queue-name '*' >var/worker.log 2>&1 &
worker=$!
# The demo's scheduler (production: cron runs the same commands, see docs/jobs.md and
# docs/audit.md). Every minute, jobs whose worker died are failed; daily, reminders go out
# (created once each, so running it again sends nothing twice), files past their retention
# period are deleted and the audit log's head is checkpointed (ship that file elsewhere).
( minute=0
  while true; do
    if (( minute % 1440 == 0 )); then
      "$PY" manage.py send_report_reminders --enqueue --as-of "$GONGHUI_DEFAULT_AS_OF" >/dev/null 2>&1
      "$PY" manage.py purge_expired_files >/dev/null 2>&1
      "$PY" manage.py audit_checkpoint >/dev/null 2>&1
    fi
    "$PY" manage.py reap_jobs >/dev/null 2>&1
    sleep 60
    minute=$((minute + 1))
  done ) &
scheduler=$!
trap 'kill $worker $scheduler 2>/dev/null || true' EXIT INT TERM

echo
echo "工会工作平台已启动：http://$HOST:$PORT/   （默认截至日期 $GONGHUI_DEFAULT_AS_OF；Ctrl-C 停止）"
"$(dirname "$PY")/gunicorn" gonghui.wsgi --bind "$HOST:$PORT" --workers 2 --threads 4 \
  --access-logfile - --log-level warning
