#!/usr/bin/env bash
# Runs the incident twice on 127.0.0.1:8080: first with Spring's plain ConcurrentMapCacheManager
# (spring.cache.type=simple), then with Larder, each in a fresh JVM with a 256 MB heap, and prints
# both replays. Usage: compare.sh [requests (400000)] [seconds per run (240)].
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
requests="${1:-400000}"
seconds="${2:-240}"
port_in_use() {
  # bash's /dev/tcp: connecting succeeds only when something listens on the port.
  (exec 3<>/dev/tcp/127.0.0.1/8080) 2>/dev/null
}
if port_in_use; then
  echo "Port 8080 on 127.0.0.1 is in use: stop what listens there (another demo?) and run again." >&2
  exit 1
fi
# Maven's progress (module by module, and downloads on the first build) shows on the terminal.
(cd "$root" && mvn -B -pl examples/spring-web-demo -am package -DskipTests)

app_pid=""
stop_app() {
  if [[ -n "$app_pid" ]] && kill -0 "$app_pid" 2>/dev/null; then
    kill "$app_pid" && wait "$app_pid" 2>/dev/null || true
  fi
  app_pid=""
}
trap stop_app EXIT

replay() {
  local label="$1"; shift
  echo "=== $label"
  if port_in_use; then
    echo "Port 8080 on 127.0.0.1 is still in use before the $label run: stop what listens there." >&2
    return 1
  fi
  SKIP_BUILD=1 "$here/run.sh" "$@" >"$here/target/$label.log" 2>&1 &
  app_pid=$!
  for _ in $(seq 1 120); do
    if curl -sf -o /dev/null http://127.0.0.1:8080/actuator/health; then break; fi
    if ! kill -0 "$app_pid" 2>/dev/null; then echo "the application did not start"; return 1; fi
    sleep 1
  done
  "$here/load.sh" "$requests" "$seconds" || true
  stop_app
  echo "(application log: examples/spring-web-demo/target/$label.log)"
}

replay simple --spring.cache.type=simple
replay larder
