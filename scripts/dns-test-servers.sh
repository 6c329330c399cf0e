#!/usr/bin/env bash
# Loopback DNS servers for the live DNS tests (tests/dns_live.rs, tests/wasm_dns.rs).
#
#   scripts/dns-test-servers.sh start   install if missing, start, wait, print the env
#   scripts/dns-test-servers.sh stop    stop both servers
#   scripts/dns-test-servers.sh env     print the export lines the tests read
#
# Knot DNS serves the zones in tests/fixtures/dns authoritatively on
# 127.0.0.1:$DNS_TEST_KNOT_PORT (UDP and TCP): contoso.com (the "before" zone),
# large.test (a TXT set too big for UDP) and broken.test (does not load: SERVFAIL).
# dnsdist forwards to it on 127.0.0.1:$DNS_TEST_DNSDIST_PORT (UDP and TCP), drops every
# query for timeout.test (so it times out), and serves DNS-over-HTTP (RFC 8484, plain
# HTTP on loopback, CORS open) at http://127.0.0.1:$DNS_TEST_DOH_PORT/dns-query.
# Only loopback addresses are used; nothing is queried outside the machine.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dir="${DNS_TEST_DIR:-${TMPDIR:-/tmp}/migration-preflight-dns}"
knot_port="${DNS_TEST_KNOT_PORT:-15353}"
dnsdist_port="${DNS_TEST_DNSDIST_PORT:-15354}"
doh_port="${DNS_TEST_DOH_PORT:-15380}"

print_env() {
    echo "export DNS_TEST_SERVER=127.0.0.1:$knot_port"
    echo "export DNS_TEST_DNSDIST=127.0.0.1:$dnsdist_port"
    echo "export DNS_TEST_DOH_URL=http://127.0.0.1:$doh_port/dns-query"
}

install_missing() {
    local missing=()
    command -v knotd >/dev/null || missing+=(knot)
    command -v dnsdist >/dev/null || missing+=(dnsdist)
    command -v named-checkzone >/dev/null || missing+=(bind9-utils)
    if ((${#missing[@]})); then
        echo "installing ${missing[*]}" >&2
        local sudo=()
        [[ $(id -u) -eq 0 ]] || sudo=(sudo)
        "${sudo[@]}" apt-get update -qq
        DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq "${missing[@]}" >&2
    fi
}

# Waits until something accepts TCP connections on the loopback port.
wait_for_port() {
    local port="$1" name="$2"
    for _ in $(seq 50); do
        if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
            return 0
        fi
        sleep 0.1
    done
    echo "$name did not start on port $port; see $dir/*.log" >&2
    return 1
}

stop_pid() {
    local file="$1"
    if [[ -f $file ]]; then
        local pid
        pid="$(cat "$file")"
        if kill -0 "$pid" 2>/dev/null; then
            kill "$pid"
            for _ in $(seq 50); do
                kill -0 "$pid" 2>/dev/null || break
                sleep 0.1
            done
        fi
        rm -f "$file"
    fi
}

start() {
    install_missing
    stop
    mkdir -p "$dir/zones" "$dir/db"
    # Copies, so that the server never writes to the fixtures.
    cp "$root"/tests/fixtures/dns/*.zone "$dir/zones/"
    cat >"$dir/knot.conf" <<EOF
server:
    rundir: "$dir"
    pidfile: "$dir/knot.pid"
    listen: 127.0.0.1@$knot_port
database:
    storage: "$dir/db"
log:
  - target: "$dir/knot.log"
    any: info
template:
  - id: default
    storage: "$dir/zones"
    zonefile-sync: -1
    journal-content: none
zone:
  - domain: contoso.com
    file: contoso-before.zone
  - domain: large.test
    file: large.test.zone
  - domain: broken.test
    file: broken.test.zone
EOF
    knotd -c "$dir/knot.conf" -s "$dir/knot.sock" -d
    wait_for_port "$knot_port" knotd

    cat >"$dir/dnsdist.conf" <<EOF
setSecurityPollSuffix("")
setLocal("127.0.0.1:$dnsdist_port")
setACL({"127.0.0.0/8", "::1/128"})
newServer({address="127.0.0.1:$knot_port", name="knot", healthCheckMode="up"})
addAction({"timeout.test."}, DropAction())
-- No certificate: DNS over plain HTTP, which is enough on loopback.
addDOHLocal("127.0.0.1:$doh_port", nil, nil, "/dns-query", {customResponseHeaders={["access-control-allow-origin"]="*"}})
EOF
    dnsdist --check-config -C "$dir/dnsdist.conf" >&2
    nohup dnsdist -C "$dir/dnsdist.conf" --supervised --disable-syslog >"$dir/dnsdist.log" 2>&1 &
    echo $! >"$dir/dnsdist.pid"
    wait_for_port "$dnsdist_port" dnsdist
    wait_for_port "$doh_port" "dnsdist (DoH)"
    echo "DNS test servers running (state in $dir):" >&2
    print_env
}

stop() {
    stop_pid "$dir/dnsdist.pid"
    stop_pid "$dir/knot.pid"
}

case "${1:-}" in
start) start ;;
stop) stop ;;
env) print_env ;;
*)
    echo "usage: $0 start|stop|env" >&2
    exit 2
    ;;
esac
