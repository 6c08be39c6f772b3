#!/usr/bin/env bash
# Start the local services the test suite can use (PostgreSQL, Redis) when they are installed
# but not running. Never fails: tests that need a missing service skip (or fail under CI=true).
set -uo pipefail

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

if ! port_open 5432 && command -v pg_ctlcluster >/dev/null 2>&1 && [ -d /etc/postgresql ]; then
  for version in $(ls /etc/postgresql); do
    pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
  done
fi
if ! port_open 6379 && command -v redis-server >/dev/null 2>&1; then
  mkdir -p /var/lib/redis /var/log/redis 2>/dev/null || true
  redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no \
    --dir /var/lib/redis --logfile /var/log/redis/ci.log || true
fi
for port in 5432 6379; do
  for _ in $(seq 1 20); do port_open "$port" && break; sleep 0.5; done
done
exit 0
