#!/usr/bin/env bash
# Replays the incident against the demo on 127.0.0.1: new products and locales, each a new cache
# entry, reporting the heap after GC, the caches' bytes and the larder health as it goes.
# Usage: load.sh [requests (400000)] [seconds (240)] [port (8080)]. Bounded; stops by itself.
set -euo pipefail
exec java "$(dirname "$0")/load/IncidentReplay.java" "$@"
