#!/usr/bin/env bash
# The PostgreSQL the database tests need: one that accepts postgres@127.0.0.1 without a password
# (scripts/test.mjs checks it). Nothing to do when one answers on 127.0.0.1:5432 or TEST_POSTGRES_URL
# names another. Otherwise, as root, Debian's `postgresql`: installed if missing, the newest
# cluster started, with one pg_hba.conf line letting the postgres user in from 127.0.0.1 alone.
set -euo pipefail

[ -n "${TEST_POSTGRES_URL:-}" ] && exit 0
(exec 3<>/dev/tcp/127.0.0.1/5432) 2>/dev/null && exit 0

if [ "$(id -u)" != 0 ]; then
  echo ".ci/run: no PostgreSQL on 127.0.0.1:5432 and not root: install postgresql, or set TEST_POSTGRES_URL" >&2
  exit 1
fi
if ! command -v pg_ctlcluster >/dev/null; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql
fi
version=$(ls /usr/lib/postgresql | sort -V | tail -1)
[ -d "/etc/postgresql/$version/main" ] || pg_createcluster "$version" main
hba="/etc/postgresql/$version/main/pg_hba.conf"
trust='host all postgres 127.0.0.1/32 trust # xmpp-service tests (.ci/postgres.sh)'
# First matching line wins: put it above Debian's password lines.
grep -qF "$trust" "$hba" || sed -i "1i $trust" "$hba"
if pg_ctlcluster "$version" main status >/dev/null 2>&1; then
  pg_ctlcluster --skip-systemctl-redirect "$version" main reload
else
  pg_ctlcluster --skip-systemctl-redirect "$version" main start
fi
for _ in $(seq 1 50); do
  (exec 3<>/dev/tcp/127.0.0.1/5432) 2>/dev/null && exit 0
  sleep 0.2
done
echo ".ci/run: PostgreSQL $version did not start on 127.0.0.1:5432" >&2
exit 1
