#!/usr/bin/env bash
# Interleaved forks: main's code (base) and issue-24-struct's (new), one fork each per round.
set -euo pipefail
out=results
mkdir -p "$out"
for round in 1 2 3 4 5; do
  for side in base new; do
    java -cp $side.jar org.openjdk.jmh.Main ExpirationOrderBenchmark \
      -f 1 -wi 3 -w 2s -i 5 -r 2s -rf json -rff "$out/$side-$round.json" > "$out/$side-$round.log" 2>&1
    echo "round $round $side done $(date -u +%H:%M:%S)"
  done
done
