#!/usr/bin/env bash
# Builds the benchmark jar and runs the chosen measurements, writing results/REPORT.md and charts.
#
#   benchmarks/bench.sh [--quick] [--no-build] [--forks N] [--replays N] [--out DIR]
#                       [--traces DIR] [--suites REGEX] [--contenders REGEX]
#                       [all|hitrate|throughput|memory]...
#
# --quick    proves the harness works in a few minutes (1 fork, tiny JMH iterations, trace
#            prefixes, two cache sizes) and writes to results/quick/; its figures are not for quoting
# --no-build runs the jar already in benchmarks/target
# --suites   runs only the throughput suites whose title matches (case-insensitive regular
#            expression), e.g. "expiry|maximumMemory|estimator"
# --contenders runs only the throughput contenders whose whole name matches, e.g. "Larder|Caffeine"
# --replays  how often Larder and Caffeine replay each hit-rate scenario (default 3, quick 1); their
#            admission draws random numbers, so more replays give a steadier mean
# Traces are read from ../shared/traces beside the repository unless --traces says otherwise.
# Exits non-zero if the build or any measurement fails.
set -euo pipefail

bench_dir="$(cd "$(dirname "$0")" && pwd)"
repo_dir="$(cd "$bench_dir/.." && pwd)"
jar="$bench_dir/target/larder-benchmarks.jar"
java_bin="${JAVA_HOME:+$JAVA_HOME/bin/}java"

build=1
quick=0
has_out=0
has_traces=0
args=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --no-build) build=0 ;;
    --quick) quick=1; args+=("$1") ;;
    --out) has_out=1; args+=("$1" "${2:?--out needs a directory}"); shift ;;
    --traces) has_traces=1; args+=("$1" "${2:?--traces needs a directory}"); shift ;;
    --forks) args+=("$1" "${2:?--forks needs a number}"); shift ;;
    --replays) args+=("$1" "${2:?--replays needs a number}"); shift ;;
    -h|--help) sed -n '2,17p' "$0"; exit 0 ;;
    *) args+=("$1") ;;
  esac
  shift
done

if [[ $has_out -eq 0 ]]; then
  if [[ $quick -eq 1 ]]; then
    args+=(--out "$bench_dir/results/quick")
  else
    args+=(--out "$bench_dir/results")
  fi
fi
if [[ $has_traces -eq 0 ]]; then
  traces="$repo_dir/../shared/traces"
  if [[ -d "$traces" ]]; then
    args+=(--traces "$(cd "$traces" && pwd)")
  else
    echo "bench.sh: no traces at $traces; the hit-rate section will have synthetic workloads only" >&2
  fi
fi

start=$(date +%s)
if [[ $build -eq 1 ]]; then
  echo "Building the benchmark jar..."
  (cd "$repo_dir" && mvn -B -q -ntp -pl benchmarks -am package -DskipTests)
fi
if [[ ! -f "$jar" ]]; then
  echo "bench.sh: $jar is missing; run without --no-build" >&2
  exit 1
fi

commit="$(git -C "$repo_dir" rev-parse --short HEAD 2>/dev/null || echo unknown)"
if [[ -n "$(git -C "$repo_dir" status --porcelain 2>/dev/null | grep -v '^?? benchmarks/results/' || true)" ]]; then
  commit="$commit (with uncommitted changes)"
fi

"$java_bin" -Djava.awt.headless=true -Djdk.attach.allowAttachSelf=true \
  -Dlarder.commit="$commit" -Xms1g -Xmx4g \
  -jar "$jar" "${args[@]}"

echo "bench.sh: done in $(( $(date +%s) - start )) s"
