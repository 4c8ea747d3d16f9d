#!/usr/bin/env bash
# Prints the home of a JDK >= 25: $JAVA_HOME if it qualifies, else the usual install locations.
# Used by the launcher and by run-tests.sh, so users and tests get the same JDK. Exit 1 if none.
java_version() { "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p'; }
for c in "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/java-25* /usr/lib/jvm/jdk-25* /usr/lib/jvm/temurin-2[5-9]* /usr/lib/jvm/* /opt/java/* /opt/jdk*; do
  [ -n "$c" ] && [ -x "$c/bin/java" ] && [ -x "$c/bin/javac" ] || continue
  v="$(java_version "$c/bin/java")"
  if [ -n "$v" ] && [ "${v%%.*}" -ge 25 ] 2>/dev/null; then echo "$c"; exit 0; fi
done
exit 1
