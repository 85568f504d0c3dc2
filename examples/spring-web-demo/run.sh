#!/usr/bin/env bash
# Builds the demo (and the Larder modules it uses) and starts it on http://127.0.0.1:8080 with a
# 256 MB heap. Arguments go to the application, for example --spring.cache.type=simple to use
# Spring's plain ConcurrentMapCacheManager instead of Larder, or --server.port=8081.
# The JVM exits on OutOfMemoryError, as a production service is usually set up to.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
jar="$root/examples/spring-web-demo/target/spring-web-demo.jar"
if [[ "${SKIP_BUILD:-}" != "1" || ! -f "$jar" ]]; then
  # Not quiet: the first build downloads Spring Boot and compiles every module it needs, which
  # takes minutes; Maven's progress shows what it is doing.
  (cd "$root" && mvn -B -pl examples/spring-web-demo -am package -DskipTests)
fi
exec java -Xmx256m -XX:+ExitOnOutOfMemoryError -jar "$jar" "$@"
