#!/usr/bin/env bash
# Builds msrp-java (MSRP-OSS/msrp-java) from a checkout and installs its jar into the local Maven
# repository as net.java.msrp:msrp:1.4.0-SNAPSHOT, where the interop module (-Pmsrp-java) finds it.
#   interop/msrp-java/build.sh CHECKOUT      or  MSRP_JAVA_DIR=CHECKOUT interop/msrp-java/build.sh
#   MSRP_JAVA_JAR=JAR interop/msrp-java/build.sh   (a jar built elsewhere)
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
jar="${MSRP_JAVA_JAR:-}"
if [ -z "$jar" ]; then
  dir="${1:-${MSRP_JAVA_DIR:-}}"
  if [ -z "$dir" ]; then
    echo "usage: $0 CHECKOUT   (or set MSRP_JAVA_DIR, or MSRP_JAVA_JAR to a built jar)" >&2
    exit 2
  fi
  # Commit 4b8b127 builds unchanged on Java 17; its own tests are not ours to run.
  (cd "$dir" && mvn -B -q -DskipTests package)
  jar="$(ls "$dir"/target/msrp-*.jar | grep -v -e sources -e javadoc | head -n 1)"
fi
[ -f "$jar" ] || { echo "no msrp-java jar at '$jar'" >&2; exit 1; }
# From the project, so that the install plugin's version is the one the project pins.
mvn -B -q -N -f "$root/pom.xml" install:install-file -Dfile="$jar" \
  -DgroupId=net.java.msrp -DartifactId=msrp -Dversion=1.4.0-SNAPSHOT -Dpackaging=jar \
  -DgeneratePom=true
echo "msrp-java: installed $jar as net.java.msrp:msrp:1.4.0-SNAPSHOT"
