#!/usr/bin/env bash
# Runs every test of the project, in short modes that fit CI (about 15 minutes on 2 cores):
#  1. the Maven reactor: unit, scenario (Larder against Caffeine 3.2.4), Guava testlib, Spring and
#     forked-JVM stress tests (-Dlarder.stress.mode=long for the soak mode; see README.md);
#  2. the benchmark harness in its quick mode (it proves the harness works; figures not quoted);
# Exits non-zero on the first failure.
set -euo pipefail
cd "$(dirname "$0")"
mvn -B -ntp verify "$@"
benchmarks/bench.sh --quick --no-build
