#!/usr/bin/env bash
# The multi-node deployment on one machine, on loopback ports (`make cluster`, docs/operations.md):
# nginx in front of two gunicorn web nodes, PostgreSQL, Redis (cache, sessions, the RQ queue),
# two RQ workers with RQ's scheduler, one `hromada scheduler`, and S3-compatible storage (moto's
# server) for the public media and the private files.
#
#   deploy/cluster/up.sh            start (migrate and load the demo on first start); stays in
#                                   the foreground, Ctrl+C or SIGTERM stops everything
#   deploy/cluster/up.sh --detach   start, print the address, return (stop with down.sh)
#
# Variables: CLUSTER_DIR (default var/cluster), CLUSTER_PORT (nginx; the other services take
# the next ports; default: a free port in 20000–29999), CLUSTER_DATABASE_URL (default
# postgres://postgres@127.0.0.1:5432/hromada_cluster), CLUSTER_LOAD_DEMO (default 1; 0 only
# migrates). Each process's pid is in
# $CLUSTER_DIR/pids/, its log in $CLUSTER_DIR/logs/.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
BIN=${BIN:-$ROOT/.venv/bin}
CLUSTER_DIR=${CLUSTER_DIR:-$ROOT/var/cluster}
mkdir -p "$CLUSTER_DIR"/{pids,logs,nginx,var,mail,commands}
CLUSTER_DIR=$(cd "$CLUSTER_DIR" && pwd)

free_port() {  # the first of eight free ports in a row, from a random start in 20000–29999
    "$BIN/python" - <<'EOF'
import random, socket
for _ in range(200):
    first = random.randint(20000, 29990)
    sockets = []
    try:
        for port in range(first, first + 8):
            sockets.append(socket.socket())
            sockets[-1].bind(("127.0.0.1", port))
    except OSError:
        continue
    finally:
        for s in sockets:
            s.close()
    print(first)
    break
EOF
}
PORT=${CLUSTER_PORT:-$(free_port)}
WEB1=$((PORT + 1)) WEB2=$((PORT + 2)) REDIS_PORT=$((PORT + 3)) S3_PORT=$((PORT + 4))
DATABASE_URL=${CLUSTER_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/hromada_cluster}

# nginx from Debian, Redis's server and PostgreSQL's client tools, installed when missing.
need=()
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || need+=(nginx-light)
command -v redis-server >/dev/null 2>&1 || need+=(redis-server)
command -v psql >/dev/null 2>&1 || need+=(postgresql-client)
if [ ${#need[@]} -gt 0 ]; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
NGINX=$(command -v nginx || echo /usr/sbin/nginx)

[ -f "$CLUSTER_DIR/secret_key" ] || "$BIN/python" -c \
    "import secrets; print(secrets.token_urlsafe(50))" >"$CLUSTER_DIR/secret_key"
[ -f "$CLUSTER_DIR/resident_id_key" ] || "$BIN/python" -c \
    "import secrets; print(secrets.token_urlsafe(32))" >"$CLUSTER_DIR/resident_id_key"
cat >"$CLUSTER_DIR/env" <<EOF
DJANGO_SETTINGS_MODULE=hromada.config.settings
HROMADA_VAR_DIR=$CLUSTER_DIR/var
SECRET_KEY=$(cat "$CLUSTER_DIR/secret_key")
RESIDENT_ID_KEY=$(cat "$CLUSTER_DIR/resident_id_key")
DATABASE_URL=$DATABASE_URL
REDIS_URL=redis://127.0.0.1:$REDIS_PORT/0
S3_BUCKET=hromada-media
S3_PRIVATE_BUCKET=hromada-private
S3_ENDPOINT_URL=http://127.0.0.1:$S3_PORT
S3_REGION=us-east-1
S3_ACCESS_KEY=cluster
S3_SECRET_KEY=cluster-secret
ALLOWED_HOSTS=127.0.0.1,localhost
CSRF_TRUSTED_ORIGINS=http://127.0.0.1:$PORT
BASE_URL=http://127.0.0.1:$PORT
HROMADA_TRUSTED_PROXIES=127.0.0.1
EMAIL_URL=file:$CLUSTER_DIR/mail
FETCH_VIDEO_EMBEDS=false
DEBUG=false
PYTHONUNBUFFERED=1
EOF
set -a; . "$CLUSTER_DIR/env"; set +a
echo "$PORT" >"$CLUSTER_DIR/port"

start() {  # name, command…: in the background, pid and log kept; restart.sh NAME runs it again
    local name=$1; shift
    printf '%q ' "$@" >"$CLUSTER_DIR/commands/$name"
    "$@" >>"$CLUSTER_DIR/logs/$name.log" 2>&1 &
    echo $! >"$CLUSTER_DIR/pids/$name.pid"
}
wait_for() {  # what, test command…
    local what=$1; shift
    for _ in $(seq 1 120); do "$@" >/dev/null 2>&1 && return 0; sleep 0.5; done
    echo "cluster: $what did not come up; see $CLUSTER_DIR/logs/" >&2
    "$ROOT/deploy/cluster/down.sh"
    exit 1
}

# Redis and the S3 server of this cluster alone.
start redis redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --save '' --appendonly no
start s3 "$BIN/python" -m moto.server -H 127.0.0.1 -p "$S3_PORT"
wait_for Redis redis-cli -p "$REDIS_PORT" ping
wait_for "the S3 server" "$BIN/python" -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$S3_PORT/')"
"$BIN/python" - <<'EOF'
import os
import boto3
s3 = boto3.client("s3", endpoint_url=os.environ["S3_ENDPOINT_URL"], region_name="us-east-1",
                  aws_access_key_id="cluster", aws_secret_access_key="cluster-secret")
for bucket in (os.environ["S3_BUCKET"], os.environ["S3_PRIVATE_BUCKET"]):
    s3.create_bucket(Bucket=bucket)
EOF

# PostgreSQL: this machine's server; the database is created on first start.
pg_isready -h 127.0.0.1 -p 5432 -q || {
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql)" main start || true
    wait_for PostgreSQL pg_isready -h 127.0.0.1 -p 5432 -q
}
db_name=${DATABASE_URL##*/}
psql "${DATABASE_URL%/*}/postgres" -tAc "SELECT 1 FROM pg_database WHERE datname='$db_name'" \
    | grep -q 1 || psql "${DATABASE_URL%/*}/postgres" -qc "CREATE DATABASE \"$db_name\""
# The demo city with its jobs run at once (the queue's workers are not up yet); its files go to
# the S3 buckets. Safe to run again.
# CLUSTER_LOAD_DEMO=0 only migrates (a database that already holds a city: a test's copy).
if [ "${CLUSTER_LOAD_DEMO:-1}" = 1 ]; then
    TASK_BACKEND=immediate "$BIN/hromada" demo >"$CLUSTER_DIR/logs/demo.log" 2>&1
else
    "$BIN/hromada" migrate --noinput -v0
fi
"$BIN/hromada" collectstatic --noinput -v0

for node in 1 2; do
    port_var=WEB$node
    start "web$node" "$BIN/gunicorn" -c python:hromada.config.gunicorn \
        hromada.config.wsgi:application --bind "127.0.0.1:${!port_var}" --workers 2 --threads 4 \
        --no-control-socket --graceful-timeout 20
done
for worker in 1 2; do
    start "rqworker$worker" "$BIN/hromada" rqworker default --with-scheduler --name "rqworker$worker-$PORT"
done
start scheduler "$BIN/hromada" scheduler

sed -e "s|@PORT@|$PORT|g" -e "s|@WEB1@|$WEB1|g" -e "s|@WEB2@|$WEB2|g" \
    -e "s|@DIR@|$CLUSTER_DIR/nginx|g" "$ROOT/deploy/cluster/nginx.conf.in" >"$CLUSTER_DIR/nginx/nginx.conf"
start nginx "$NGINX" -p "$CLUSTER_DIR/nginx" -c "$CLUSTER_DIR/nginx/nginx.conf" -g "daemon off;"
wait_for "web node 1" curl -fsS "http://127.0.0.1:$WEB1/robots.txt"
wait_for "web node 2" curl -fsS "http://127.0.0.1:$WEB2/robots.txt"
wait_for nginx curl -fsS "http://127.0.0.1:$PORT/robots.txt"

echo "cluster: http://127.0.0.1:$PORT/ (nginx → :$WEB1, :$WEB2); logs in $CLUSTER_DIR/logs/"
if [ "${1:-}" = "--detach" ]; then
    exit 0
fi
trap '"$ROOT/deploy/cluster/down.sh"; exit 0' INT TERM
while sleep 3600; do :; done
