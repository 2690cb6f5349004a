#!/usr/bin/env bash
# Start throwaway PostgreSQL and Redis servers for the tests, on loopback only,
# and print the variables that point the tests at them. Installs the Debian packages
# when they are missing. Usage: eval "$(bash .ci/services.sh start DIR)"; ... stop DIR
set -euo pipefail

action=${1:?start|stop}
dir=${2:?state directory}
pg_port=${PG_PORT:-54329}
redis_port=${REDIS_TEST_PORT:-63799}

pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }

install_missing() {
	local missing=()
	[ -n "$(pg_bin)" ] || missing+=(postgresql)
	command -v redis-server >/dev/null || missing+=(redis-server)
	if [ ${#missing[@]} -gt 0 ]; then
		echo "installing ${missing[*]}" >&2
		apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >&2
	fi
}

run_as_postgres() {
	if [ "$(id -u)" = 0 ]; then su postgres -s /bin/bash -c "$*"; else bash -c "$*"; fi
}

case "$action" in
start)
	install_missing
	bin=$(pg_bin)
	mkdir -p "$dir"
	[ "$(id -u)" = 0 ] && chown postgres "$dir"
	run_as_postgres "'$bin/initdb' -D '$dir/pg' --auth=trust --username=postgres --encoding=UTF8 --locale=C.UTF-8 >/dev/null"
	run_as_postgres "'$bin/pg_ctl' -D '$dir/pg' -o \"-p $pg_port -k '$dir' -c listen_addresses=127.0.0.1\" -l '$dir/pg.log' -w start >/dev/null"
	run_as_postgres "'$bin/createdb' -h 127.0.0.1 -p $pg_port -U postgres ward_test"
	echo "export TEST_DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:$pg_port/ward_test"
	redis-server --port "$redis_port" --bind 127.0.0.1 --daemonize yes --save "" --appendonly no \
		--dir "$dir" --pidfile "$dir/redis.pid" --logfile "$dir/redis.log" >&2
	for _ in $(seq 50); do redis-cli -p "$redis_port" ping >/dev/null 2>&1 && break; sleep 0.1; done
	echo "export TEST_REDIS_URL=redis://127.0.0.1:$redis_port/1"
	;;
stop)
	bin=$(pg_bin)
	[ -d "$dir/pg" ] && run_as_postgres "'$bin/pg_ctl' -D '$dir/pg' -m fast stop >/dev/null" || true
	[ -f "$dir/redis.pid" ] && kill "$(cat "$dir/redis.pid")" 2>/dev/null || true
	;;
*)
	echo "unknown action $action" >&2
	exit 2
	;;
esac
