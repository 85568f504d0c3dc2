#!/usr/bin/env bash
# Runs every test of the project, in short modes that fit CI (about 15 minutes on 2 cores):
#  0. installs promtool when it is missing and this runs as root with apt-get (as CI does), or
#     stops saying what to install;
#  1. the Maven reactor: unit, scenario (Larder against Caffeine 3.2.4), Guava testlib, Spring and
#     forked-JVM stress tests (-Dlarder.stress.mode=long for the soak mode; see README.md);
#  2. the JCStress suite in its short mode (fails on any FORBIDDEN outcome or error);
#  3. the benchmark harness in its quick mode (it proves the harness works; figures not quoted).
# Exits non-zero on the first failure.
set -euo pipefail
cd "$(dirname "$0")"
# cache-metrics' tests run Prometheus's promtool on the alert rules (Debian's 'prometheus' package).
if ! command -v promtool >/dev/null; then
  if [[ "$(id -u)" == 0 ]] && command -v apt-get >/dev/null; then
    apt-get install -y -qq prometheus >/dev/null \
      || { apt-get update -qq && apt-get install -y -qq prometheus >/dev/null; }
  else
    echo "run-tests.sh needs promtool: install it (apt-get install prometheus) and run again" >&2
    exit 1
  fi
fi
mvn -B -ntp verify "$@"
JCSTRESS_NO_BUILD=1 jcstress/run.sh --short
benchmarks/bench.sh --quick --no-build
