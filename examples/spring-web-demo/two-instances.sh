#!/usr/bin/env bash
# Two instances of the demo sharing one redis-server, all on 127.0.0.1, with Larder's two-level
# cache (larder.cache.redis.enabled=true): shows a product renamed on one instance (@CachePut)
# served renamed by the other, then replays the incident against the first instance to show that
# its heap stays bounded. Stops everything it started when it ends, fails or is interrupted.
# Usage: two-instances.sh [requests for the replay (100000)] [seconds for the replay (120)].
# Ports: 8081 and 8082 for the instances, 6390 for Redis; it stops if one of them is in use.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
requests="${1:-100000}"
seconds="${2:-120}"
redis_port=6390
ports=(8081 8082)
jar="$here/target/spring-web-demo-two-level.jar"

if ! command -v redis-server >/dev/null; then
  echo "two-instances.sh needs redis-server: install it (Debian: apt-get install -y redis-server)." >&2
  exit 1
fi
port_in_use() {
  # bash's /dev/tcp: connecting succeeds only when something listens on the port.
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}
for port in "$redis_port" "${ports[@]}"; do
  if port_in_use "$port"; then
    echo "Port $port on 127.0.0.1 is in use: stop what listens there and run again." >&2
    exit 1
  fi
done

# The demo with io.larder:cache-redis added (Maven profile two-level); Maven shows its progress.
(cd "$root" && mvn -B -pl examples/spring-web-demo -am package -DskipTests -Ptwo-level)

pids=()
redis_dir="$(mktemp -d)"
cleanup() {
  for pid in "${pids[@]}"; do
    if kill -0 "$pid" 2>/dev/null; then
      kill "$pid" 2>/dev/null || true
      wait "$pid" 2>/dev/null || true
    fi
  done
  rm -rf "$redis_dir"
}
trap cleanup EXIT

# Redis as a cache: no persistence, and a memory cap with LRU eviction, so that L2 is bounded too.
redis-server --port "$redis_port" --bind 127.0.0.1 --save "" --appendonly no \
  --dir "$redis_dir" --maxmemory 128mb --maxmemory-policy allkeys-lru \
  >"$here/target/two-instances-redis.log" 2>&1 &
pids+=($!)

for port in "${ports[@]}"; do
  java -Xmx256m -XX:+ExitOnOutOfMemoryError -jar "$jar" \
    --server.port="$port" \
    --spring.data.redis.host=127.0.0.1 --spring.data.redis.port="$redis_port" \
    --larder.cache.redis.enabled=true \
    --larder.cache.redis.value-types.products=io.larder.demo.Product \
    '--larder.cache.redis.value-types.searches=java.util.List<java.lang.Long>' \
    >"$here/target/two-instances-$port.log" 2>&1 &
  pids+=($!)
done
for port in "${ports[@]}"; do
  for attempt in $(seq 1 120); do
    if curl -sf -o /dev/null "http://127.0.0.1:$port/actuator/health"; then break; fi
    if [[ $attempt -eq 120 ]]; then
      echo "The instance on port $port did not start: see examples/spring-web-demo/target/two-instances-$port.log" >&2
      exit 1
    fi
    sleep 1
  done
done

a="http://127.0.0.1:${ports[0]}"
b="http://127.0.0.1:${ports[1]}"
name_of() { curl -sf "$1/products/42?locale=fr" | sed -E 's/.*"name":"([^"]*)".*/\1/'; }

echo "=== Both instances read product 42 (fr): the second finds the first's copy in Redis"
echo "A: $(name_of "$a")"
echo "B: $(name_of "$b")"

new_name="Lampe de bureau $(date +%H:%M:%S)"
echo "=== Rename it on A (PUT, @CachePut): '$new_name'"
curl -sf -X PUT -H 'Content-Type: text/plain' --data "$new_name" \
  "$a/products/42?locale=fr" >/dev/null
start=$(date +%s%N)
seen=""
for _ in $(seq 1 100); do
  seen="$(name_of "$b")"
  if [[ "$seen" == "$new_name" ]]; then break; fi
  sleep 0.05
done
elapsed_ms=$(( ($(date +%s%N) - start) / 1000000 ))
if [[ "$seen" != "$new_name" ]]; then
  echo "B still answers '$seen' after ${elapsed_ms} ms: the update did not propagate" >&2
  exit 1
fi
echo "B: $seen (first read that answered it: ${elapsed_ms} ms after A's response, curl included)"
echo "larderRedis health on B: $(curl -s "$b/actuator/health/larderRedis" | head -c 300)"

echo "=== The incident, replayed against A: the heap after GC stays bounded (L1 has its budget,"
echo "    Redis its maxmemory)"
"$here/load.sh" "$requests" "$seconds" "${ports[0]}"
echo "B still answers after the replay: $(name_of "$b")"
echo "(logs: examples/spring-web-demo/target/two-instances-*.log)"
