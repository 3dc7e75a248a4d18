#!/usr/bin/env bash
# Runs Parley against msrp-java: every case, both directions, both topologies.
#   interop/msrp-java/run.sh [CHECKOUT]
# With CHECKOUT, MSRP_JAVA_DIR or MSRP_JAVA_JAR, msrp-java is built and installed first (build.sh);
# without any and no msrp-java in the local Maven repository, says it skipped and exits 0.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
repo="${MAVEN_REPO:-$HOME/.m2/repository}"
if [ $# -gt 0 ] || [ -n "${MSRP_JAVA_DIR:-}" ] || [ -n "${MSRP_JAVA_JAR:-}" ]; then
  "$here/build.sh" "$@"
fi
if [ ! -f "$repo/net/java/msrp/msrp/1.4.0-SNAPSHOT/msrp-1.4.0-SNAPSHOT.jar" ]; then
  echo "msrp-java interop: SKIPPED: no msrp-java jar (run interop/msrp-java/build.sh CHECKOUT," \
    "or set MSRP_JAVA_DIR or MSRP_JAVA_JAR)"
  exit 0
fi
cd "$root"
mvn -B -q -pl msrp-core -am install -DskipTests
mvn -B -Pmsrp-java -pl interop/msrp-java verify
