#!/usr/bin/env bash
# Runs JCStress's default mode (-m default, what run.sh --full runs) one test class at a time, each
# into DIR/<class>/, and skips the classes already finished there. A full run takes about seven
# hours on two cores; this lets it be spread over several sittings and stopped at any time (the
# class that was running starts over next time). At the end it sums what is finished.
#
#   jcstress/run-full-by-class.sh [DIR]    (default: jcstress/target/jcstress-full-by-class)
#
# Run it at low priority beside other work with `nice -n 19`: JCStress's verdicts hold under load,
# it only gathers fewer samples. JCSTRESS_NO_BUILD=1 uses the jar already in jcstress/target;
# JCSTRESS_CLASSES=REGEX keeps only the classes whose name matches; JCSTRESS_MODE=sanity tries the
# script itself in seconds (its results are no full run: use another DIR).
# Exits non-zero if a finished class saw a FORBIDDEN outcome or an error.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=count-samples.sh
source "$root/jcstress/count-samples.sh"
out="$(mkdir -p "${1:-$root/jcstress/target/jcstress-full-by-class}" && cd "${1:-$root/jcstress/target/jcstress-full-by-class}" && pwd)"
if [[ "${JCSTRESS_NO_BUILD:-}" != "1" || ! -f "$root/jcstress/target/jcstress.jar" ]]; then
  echo "jcstress: building the shaded jar"
  (cd "$root" && mvn -B -q -pl jcstress -am package -DskipTests)
fi
# A copy, so that a rebuild while this runs does not change the jar under it
cp "$root/jcstress/target/jcstress.jar" "$out/jcstress.jar"
commit="$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)"
mode="${JCSTRESS_MODE:-default}"

# Test classes: the listed tests are nested classes (Outer.Variant); run each outer class whole
mapfile -t all_classes < <(java -jar "$out/jcstress.jar" -l 2>/dev/null \
  | grep -E '^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*\.[A-Z]' | sed -E 's/\.[^.]+$//' | sort -u)
# JCSTRESS_CLASSES narrows what this sitting runs; the sum at the end still counts against all
mapfile -t classes < <(printf '%s\n' "${all_classes[@]}" | grep -E "${JCSTRESS_CLASSES:-.}")
if [[ ${#all_classes[@]} -eq 0 ]]; then
  echo "jcstress: the jar lists no tests" >&2
  exit 1
fi
if [[ ${#classes[@]} -eq 0 ]]; then
  echo "jcstress: JCSTRESS_CLASSES='${JCSTRESS_CLASSES:-}' matches none of the ${#all_classes[@]} test classes" >&2
  exit 1
fi

for class in "${classes[@]}"; do
  dir="$out/${class##*.}"
  if [[ -f "$dir/DONE" ]]; then
    continue
  fi
  rm -rf "$dir"
  mkdir -p "$dir"
  echo "jcstress: $class"
  start=$(date +%s)
  set +e
  (cd "$dir" && java -jar "$out/jcstress.jar" -m "$mode" -c 2 -t "^${class//./\\.}\\..*" \
      -r "$dir/report" > "$dir/output.txt" 2>&1)
  status=$?
  set -e
  samples=$(count_samples "$out/jcstress.jar" "$dir")
  runs=$(grep -oE 'Results: [0-9]+ planned; [0-9]+ passed, [0-9]+ failed, [0-9]+ soft errs, [0-9]+ hard errs' \
      "$dir/output.txt" | tail -1)
  echo "class=$class mode=$mode status=$status seconds=$(( $(date +%s) - start )) samples=$samples" \
      "commit=$commit finished=$(date -u +%FT%TZ) runs=\"$runs\"" > "$dir/DONE"
  cat "$dir/DONE"
done

# The sum over every finished class
total_samples=0
total_runs=0
bad=0
for done in "$out"/*/DONE; do
  line=$(cat "$done")
  total_samples=$(( total_samples + $(sed -E 's/.* samples=([0-9]+).*/\1/' <<< "$line") ))
  total_runs=$(( total_runs + $(sed -E 's/.*Results: [0-9]+ planned; ([0-9]+) passed.*/\1/' <<< "$line") ))
  failed=$(sed -E 's/.* ([0-9]+) failed, ([0-9]+) soft errs, ([0-9]+) hard errs.*/\1 \3/' <<< "$line")
  status=$(sed -E 's/.* status=([0-9]+) .*/\1/' <<< "$line")
  if [[ "$status" != "0" || "$failed" != "0 0" ]]; then
    echo "jcstress: FAILED in $(dirname "$done"): $line" >&2
    bad=$(( bad + 1 ))
  fi
done
finished=$(ls "$out"/*/DONE 2>/dev/null | wc -l)
echo "jcstress: $mode mode, $finished of ${#all_classes[@]} test classes finished, $total_runs runs" \
    "passed, $total_samples samples, $bad classes with a forbidden outcome or an error"
[[ $bad -eq 0 ]]
