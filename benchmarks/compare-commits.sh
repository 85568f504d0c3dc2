#!/usr/bin/env bash
# Measures Larder's throughput at two commits side by side: the same benchmark code (this tree's
# benchmarks/src/main/java), compiled against each commit's cache-core, run in interleaved rounds.
#
#   benchmarks/compare-commits.sh BEFORE AFTER [--rounds N] [--bench REGEX] [--out DIR]
#                                 [--no-build] [--report-only]
#
# BEFORE, AFTER  any commits git knows (sha, branch, tag); only their cache-core is taken
# --rounds N     rounds per benchmark (default 8); each round runs one fork of BEFORE and one of
#                AFTER, back to back, BEFORE first in odd rounds and AFTER first in even ones
# --bench REGEX  runs only the benchmarks whose name matches (grep -E), out of:
#                  getput.reads100 getput.reads75Writes25 getput.writes100      (maximumSize,
#                  twice the keys, so nothing is evicted; 2 threads)
#                  expiry.expireAfterWrite expiry.expireAfterAccess expiry.variable  (an hour, no
#                  size bound; 3 reads to 1 write; 2 threads)
#                  eviction.insertIntoFullCache                                  (maximumSize,
#                  every insert evicts; 2 threads)
# --out DIR      where forks.csv (each fork's score), load.csv and SUMMARY.md go (default
#                benchmarks/results/compare-BEFORE-AFTER)
# --no-build     uses the benchmark jar already in benchmarks/target (its dependencies only)
# --report-only  runs nothing: recompiles and writes SUMMARY.md from the results already in --out
#
# JMH's lock (/tmp/jmh.lock) stops the run if another JMH run is going on the same host.
# Each fork: JMH 1.37 throughput, 5 x 1 s warm-up, 5 x 1 s measurement, -Xms1g -Xmx1g, contender
# Larder. SUMMARY.md gives per benchmark the median of the per-round AFTER/BEFORE ratios and their
# range. The environment variable MVN overrides the Maven command (default "mvn -B -q -ntp"), for
# example MVN="nice -n 10 mvn -o -B -q". Exits non-zero if a build, a compilation or a fork fails.
set -euo pipefail
shopt -s inherit_errexit

bench_dir="$(cd "$(dirname "$0")" && pwd)"
repo_dir="$(cd "$bench_dir/.." && pwd)"
jar="$bench_dir/target/larder-benchmarks.jar"
java_bin="${JAVA_HOME:+$JAVA_HOME/bin/}java"
javac_bin="${JAVA_HOME:+$JAVA_HOME/bin/}javac"
read -r -a mvn <<< "${MVN:-mvn -B -q -ntp}"

usage() { sed -n '2,28p' "$0"; }

positional=()
rounds=8
bench_regex='.'
out=""
build=1
run=1
while [[ $# -gt 0 ]]; do
  case "$1" in
    --rounds) rounds="${2:?--rounds needs a number}"; shift ;;
    --bench) bench_regex="${2:?--bench needs a regular expression}"; shift ;;
    --out) out="${2:?--out needs a directory}"; shift ;;
    --no-build) build=0 ;;
    --report-only) build=0; run=0 ;;
    -h|--help) usage; exit 0 ;;
    -*) echo "compare-commits.sh: unknown option $1" >&2; usage >&2; exit 2 ;;
    *) positional+=("$1") ;;
  esac
  shift
done
if [[ ${#positional[@]} -ne 2 ]]; then
  usage >&2
  exit 2
fi
before="$(git -C "$repo_dir" rev-parse --short=7 "${positional[0]}^{commit}")"
after="$(git -C "$repo_dir" rev-parse --short=7 "${positional[1]}^{commit}")"
out="${out:-$bench_dir/results/compare-$before-$after}"
mkdir -p "$out"
out="$(cd "$out" && pwd)"
work="$bench_dir/target/compare"

# name | JMH include pattern | JMH parameters
all_benchmarks=(
  "getput.reads100|GetPutBenchmark.reads100|-p contender=Larder"
  "getput.reads75Writes25|GetPutBenchmark.reads75Writes25|-p contender=Larder"
  "getput.writes100|GetPutBenchmark.writes100|-p contender=Larder"
  "expiry.expireAfterWrite|ExpiryBenchmark.reads75Writes25|-p contender=Larder -p expiry=expireAfterWrite"
  "expiry.expireAfterAccess|ExpiryBenchmark.reads75Writes25|-p contender=Larder -p expiry=expireAfterAccess"
  "expiry.variable|ExpiryBenchmark.reads75Writes25|-p contender=Larder -p expiry=variable"
  "eviction.insertIntoFullCache|EvictionBenchmark.insertIntoFullCache|-p contender=Larder"
)
benchmarks=()
for entry in "${all_benchmarks[@]}"; do
  if grep -Eq -- "$bench_regex" <<< "${entry%%|*}"; then
    benchmarks+=("$entry")
  fi
done
if [[ ${#benchmarks[@]} -eq 0 ]]; then
  echo "compare-commits.sh: no benchmark matches $bench_regex" >&2
  exit 2
fi

start=$(date +%s)
if [[ $build -eq 1 ]]; then
  echo "Building the benchmark jar (this tree)..."
  (cd "$repo_dir" && "${mvn[@]}" -pl benchmarks -am package -DskipTests \
    -Dmaven.javadoc.skip=true -Dmaven.source.skip=true)
fi
if [[ ! -f "$jar" ]]; then
  echo "compare-commits.sh: $jar is missing; run without --no-build" >&2
  exit 1
fi

# The dependencies: the shaded jar without cache-core's classes and without the benchmark classes
# (both come back below, per commit). cache-core's classes are io/larder/cache/** except the
# packages of the other modules shaded in beside it (cache-redis's io/larder/cache/redis).
deps="$work/deps"
if [[ ! -d "$deps" || "$jar" -nt "$deps" ]]; then
  rm -rf "$deps"
  mkdir -p "$deps"
  (cd "$deps" && unzip -q "$jar")
  core_jar="$(ls "$repo_dir"/cache-core/target/cache-core-*-SNAPSHOT.jar | grep -v -e sources -e javadoc | head -1)"
  unzip -Z1 "$core_jar" | grep '^io/.*\.class$' | (cd "$deps" && xargs rm -f)
  rm -rf "$deps/io/larder/benchmarks" "$deps/META-INF/BenchmarkList" "$deps/META-INF/CompilerHints"
  touch "$deps"
fi

# cache-core's jar at a commit, built from a clean export of that commit (cached by sha).
core_at() {
  local sha="$1" dir="$work/$1"
  if [[ ! -f "$dir/cache-core.jar" ]]; then
    echo "Building cache-core at $sha..." >&2
    rm -rf "$dir/src"
    mkdir -p "$dir/src"
    git -C "$repo_dir" archive "$sha" | tar -x -C "$dir/src"
    (cd "$dir/src" && "${mvn[@]}" -pl cache-core package -DskipTests \
      -Dmaven.javadoc.skip=true -Dmaven.source.skip=true) >&2
    cp "$(ls "$dir"/src/cache-core/target/cache-core-*-SNAPSHOT.jar | grep -v -e sources -e javadoc | head -1)" \
      "$dir/cache-core.jar"
    rm -rf "$dir/src"
  fi
  echo "$dir/cache-core.jar"
}

# This tree's sources of the chosen benchmarks (and, through -sourcepath, the classes they use),
# compiled with JMH's generator against a commit's cache-core. Only what the chosen benchmarks
# reach is compiled, so that a benchmark of an internal API the other commit lacks is no obstacle.
jmh_version="$(unzip -p "$jar" META-INF/maven/org.openjdk.jmh/jmh-core/pom.properties | sed -n 's/^version=//p')"
processor="$HOME/.m2/repository/org/openjdk/jmh/jmh-generator-annprocess/$jmh_version/jmh-generator-annprocess-$jmh_version.jar"
sources=("$bench_dir/src/main/java/io/larder/benchmarks/jmh/CommitComparison.java")
for entry in "${benchmarks[@]}"; do
  include="${entry#*|}"
  class="${include%%.*}"
  sources+=("$bench_dir/src/main/java/io/larder/benchmarks/jmh/$class.java")
done
mapfile -t unique_sources < <(printf '%s\n' "${sources[@]}" | sort -u)
compile_against() {
  local classes="$1" core="$2"
  rm -rf "$classes"
  mkdir -p "$classes"
  (cd "$classes" && unzip -q -o "$core" 'io/*')
  "$javac_bin" --release 17 -nowarn -encoding UTF-8 -d "$classes" \
    -cp "$classes:$deps" -sourcepath "$bench_dir/src/main/java" \
    -processorpath "$processor:$deps" "${unique_sources[@]}"
}

core_before="$(core_at "$before")"
core_after="$(core_at "$after")"
echo "Compiling the benchmarks against cache-core at $before and at $after..."
classes_before="$work/$before/classes"
classes_after="$work/$after/classes"
compile_against "$classes_before" "$core_before"
compile_against "$classes_after" "$core_after"
compiled="$(cd "$classes_before" && find io/larder/benchmarks -name '*.class' | sort)"
if [[ -z "$compiled" || "$compiled" != "$(cd "$classes_after" && find io/larder/benchmarks -name '*.class' | sort)" ]]; then
  echo "compare-commits.sh: the two compilations produced different sets of classes" >&2
  exit 1
fi
differing="$(cd "$classes_before" && while read -r f; do
  cmp -s "$f" "$classes_after/$f" || echo "$f"; done <<< "$compiled")"
{
  echo "before=$before ($(git -C "$repo_dir" log -1 --format=%s "$before" | cut -c1-100))"
  echo "after=$after ($(git -C "$repo_dir" log -1 --format=%s "$after" | cut -c1-100))"
  dirty="$(git -C "$repo_dir" status --porcelain -- benchmarks/src/main 2>/dev/null || true)"
  echo "benchmark sources: $(git -C "$repo_dir" rev-parse --short=7 HEAD) benchmarks/src/main/java${dirty:+ (with uncommitted changes)}"
  if [[ -z "$differing" ]]; then
    echo "benchmark classes compiled against the two cache-core jars: byte for byte identical"
  else
    echo "benchmark classes that differ between the two compilations: $(echo $differing)"
  fi
  echo "java: $("$java_bin" -version 2>&1 | head -1); host: $(nproc) cores"
} > "$out/setup.txt"
cat "$out/setup.txt"

if [[ $run -eq 1 ]]; then
  echo "round,side,benchmark,start_utc,loadavg_1m" > "$out/load.csv"
  echo "round,side,benchmark,ops_per_s" > "$out/forks.csv"
  for ((round = 1; round <= rounds; round++)); do
    if ((round % 2 == 1)); then sides=(before after); else sides=(after before); fi
    for entry in "${benchmarks[@]}"; do
      IFS='|' read -r name include params <<< "$entry"
      for side in "${sides[@]}"; do
        if [[ $side == before ]]; then classes="$classes_before"; else classes="$classes_after"; fi
        load="$(cut -d' ' -f1 /proc/loadavg)"
        echo "$round,$side,$name,$(date -u +%H:%M:%S),$load" >> "$out/load.csv"
        echo "round $round/$rounds  $name  $side  (load $load)"
        # shellcheck disable=SC2086
        "$java_bin" -cp "$classes:$deps" org.openjdk.jmh.Main "^io\.larder\.benchmarks\.jmh\.$include\$" \
          $params -f 1 -wi 5 -w 1s -i 5 -r 1s -jvmArgs "-Xms1g -Xmx1g" -foe true \
          -rf csv -rff "$work/fork.csv" > "$work/fork.log" 2>&1 ||
          { cp "$work/fork.log" "$out/failed-fork.log"
            echo "compare-commits.sh: fork failed, see $out/failed-fork.log" >&2; exit 1; }
        # JMH's CSV: a header, then "benchmark","thrpt",threads,samples,score,error,"ops/s",params
        score="$(sed -n 2p "$work/fork.csv" | cut -d, -f5)"
        echo "$round,$side,$name,$score" >> "$out/forks.csv"
      done
    done
  done
  echo "end,,,$(date -u +%H:%M:%S),$(cut -d' ' -f1 /proc/loadavg)" >> "$out/load.csv"
fi

"$java_bin" -cp "$classes_after:$deps" io.larder.benchmarks.jmh.CommitComparison \
  "$out" "$before" "$after" > "$out/SUMMARY.md"
cat "$out/SUMMARY.md"
echo "compare-commits.sh: done in $(( $(date +%s) - start )) s"
