#!/usr/bin/env bash
# Runs every test of the project, in short modes that fit CI (about 15 minutes on 2 cores):
#  1. the Maven reactor: unit, scenario (Larder against Caffeine 3.2.4), Guava testlib, Spring and
#     forked-JVM stress tests (-Dlarder.stress.mode=long for the soak mode; see README.md);
#  2. the JCStress suite in its short mode (fails on any FORBIDDEN outcome or error);
#  3. the benchmark harness in its quick mode (it proves the harness works; figures not quoted).
# Exits non-zero on the first failure.
set -euo pipefail
cd "$(dirname "$0")"
# cache-redis's tests start a real redis-server (loopback, free port, no persistence); install it
# when missing (CI runs as root on Debian), or say in one line what to install.
command -v redis-server >/dev/null || {
  [ "$(id -u)" = 0 ] && { apt-get update -qq && apt-get install -y redis-server; } \
    || { echo "install redis-server (apt-get install -y redis-server)"; exit 1; }
}
mvn -B -ntp verify "$@"
JCSTRESS_NO_BUILD=1 jcstress/run.sh --short
benchmarks/bench.sh --quick --no-build
