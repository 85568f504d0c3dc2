#!/usr/bin/env bash
# Runs every test of the project, in short modes that fit CI (about 15 minutes on 2 cores):
#  0. installs promtool and redis-server when missing and this runs as root with apt-get (as CI
#     does), or stops saying what to install;
#  1. the Maven reactor: unit, scenario (Larder against Caffeine 3.2.4), Guava testlib, Spring and
#     forked-JVM stress tests (-Dlarder.stress.mode=long for the soak mode; see docs/leak-guards.md),
#     then the formatter check (google-java-format; see docs/contributing.md);
#  2. the JCStress suite in its short mode (fails on any FORBIDDEN outcome or error);
#  3. the benchmark harness in its quick mode (it proves the harness works; figures not quoted).
# Exits non-zero on the first failure.
set -euo pipefail
cd "$(dirname "$0")"
# Tests run real servers and tools from Debian's packages: promtool (package 'prometheus') checks
# cache-metrics' alert rules, and cache-redis starts redis-server on loopback. Install what is
# missing when running as root with apt-get (as CI does), or stop saying in one line what to install.
require() {
  local command="$1" package="$2"
  command -v "$command" >/dev/null && return 0
  if [[ "$(id -u)" == 0 ]] && command -v apt-get >/dev/null; then
    apt-get install -y -qq "$package" >/dev/null \
      || { apt-get update -qq && apt-get install -y -qq "$package" >/dev/null; } || true
  fi
  command -v "$command" >/dev/null \
    || { echo "run-tests.sh needs $command: install it (apt-get install -y $package)" >&2; exit 1; }
}
require promtool prometheus
require redis-server redis-server
mvn -B -ntp verify "$@"
JCSTRESS_NO_BUILD=1 jcstress/run.sh --short
benchmarks/bench.sh --quick --no-build
