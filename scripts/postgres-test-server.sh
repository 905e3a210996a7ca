#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the tests: made in a temporary directory, run as an
# unprivileged user on a free loopback port, removed afterwards. The tests kill hark, never
# PostgreSQL, so the cluster skips fsync (each test makes its own database, which is slow with
# it); pass --durable as a third argument for a cluster with PostgreSQL's default durability (the
# benchmarks). The server also speaks TLS with a certificate for 127.0.0.1 and localhost from a CA
# of its own (DIR/ca.pem), and members of the role hark_password_users sign in with a password
# (scram-sha-256) over TCP, so that the tests can check TLS modes and passwords for real.
#   scripts/postgres-test-server.sh start DIR [--durable]   prints the URL (postgres://hark@127.0.0.1:PORT/postgres)
#   scripts/postgres-test-server.sh stop DIR    stops the server (by its PID file) and removes DIR
set -euo pipefail
action=${1:?start|stop}
dir=${2:?directory}
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -x "$bin/initdb" ] || { echo "PostgreSQL server programs not found (apt-get install postgresql)" >&2; exit 1; }
as_user=()
if [ "$(id -u)" = 0 ]; then
    # PostgreSQL refuses to run as root: the cluster belongs to the postgres user (or nobody).
    user=postgres
    id "$user" >/dev/null 2>&1 || user=nobody
    as_user=(runuser -u "$user" --)
fi
case "$action" in
start)
    mkdir -p "$dir"
    [ ${#as_user[@]} -eq 0 ] || chown "$user" "$dir"
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    "${as_user[@]}" "$bin/initdb" -D "$dir/data" -A trust -U hark -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
        || { cat "$dir/initdb.log" >&2; exit 1; }
    # Passwords for members of hark_password_users (the first matching line wins), trust otherwise.
    hba=$dir/data/pg_hba.conf
    { echo "host all +hark_password_users 127.0.0.1/32 scram-sha-256"; cat "$hba"; } > "$hba.new" && mv "$hba.new" "$hba"
    options="-p $port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=400 -c shared_buffers=128MB"
    if command -v openssl >/dev/null 2>&1; then
        # A CA of its own and a server certificate for 127.0.0.1 and localhost, signed by it.
        openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=Hark test CA" \
            -keyout "$dir/ca.key" -out "$dir/ca.pem" >/dev/null 2>&1
        openssl req -newkey rsa:2048 -nodes -subj "/CN=127.0.0.1" -keyout "$dir/data/server.key" \
            -out "$dir/server.csr" >/dev/null 2>&1
        printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\n' > "$dir/san.ext"
        openssl x509 -req -in "$dir/server.csr" -CA "$dir/ca.pem" -CAkey "$dir/ca.key" -CAcreateserial -days 2 \
            -extfile "$dir/san.ext" -out "$dir/data/server.crt" >/dev/null 2>&1
        rm -f "$dir/ca.key" "$dir/server.csr" "$dir/san.ext" "$dir/ca.srl"
        chmod 600 "$dir/data/server.key"
        chmod 644 "$dir/ca.pem"
        [ ${#as_user[@]} -eq 0 ] || chown "$user" "$dir/data/server.key" "$dir/data/server.crt"
        options+=" -c ssl=on"
    fi
    [ "${3:-}" = --durable ] || options+=" -c fsync=off -c full_page_writes=off"
    "${as_user[@]}" "$bin/pg_ctl" -D "$dir/data" -w -t 60 -l "$dir/server.log" -o "$options" \
        start >/dev/null || { cat "$dir/server.log" >&2; exit 1; }
    "${as_user[@]}" "$bin/psql" -X -q -h "$dir" -p "$port" -U hark -d postgres \
        -c "CREATE ROLE hark_password_users NOLOGIN" >/dev/null
    echo "postgres://hark@127.0.0.1:$port/postgres"
    ;;
stop)
    if [ -f "$dir/data/postmaster.pid" ]; then
        pid=$(head -1 "$dir/data/postmaster.pid")
        "${as_user[@]}" "$bin/pg_ctl" -D "$dir/data" -m fast -w -t 60 stop >/dev/null 2>&1 || kill "$pid" 2>/dev/null || true
    fi
    rm -rf "$dir"
    ;;
*)
    echo "usage: $0 start|stop DIR" >&2
    exit 2
    ;;
esac
