#!/usr/bin/env bash
# Runs every test of the project: the Maven reactor's unit, integration and forked-JVM stress tests
# (short mode; -Dlarder.stress.mode=long for the soak mode), then the JCStress suite and the
# benchmark harness in their short modes. Exits non-zero on the first failure.
set -euo pipefail
cd "$(dirname "$0")"
mvn -B -ntp verify "$@"
