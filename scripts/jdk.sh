# Sourced by bin/quiver and scripts/test.sh: exports JAVA_HOME pointing at a JDK 21 or newer.
quiver_java_major() {
  "$1/bin/java" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2; exit}'
}

quiver_find_jdk() {
  local candidate major best="" best_major=0
  for candidate in "${JAVA_HOME:-}" /usr/lib/jvm/* "$(dirname "$(dirname "$(readlink -f "$(command -v java 2>/dev/null || echo /nonexistent)")")")"; do
    [ -n "$candidate" ] && [ -x "$candidate/bin/java" ] && [ -x "$candidate/bin/javac" ] || continue
    major=$(quiver_java_major "$candidate")
    major=${major%%.*}
    [ -n "$major" ] || continue
    if [ "$major" -ge 21 ] && [ "$major" -gt "$best_major" ]; then
      best=$candidate
      best_major=$major
    fi
  done
  if [ -z "$best" ]; then
    echo "quiver: no JDK 21 or newer found (looked at \$JAVA_HOME and /usr/lib/jvm); install one, e.g. openjdk-21-jdk" >&2
    return 1
  fi
  export JAVA_HOME=$best
  export QUIVER_JAVA_MAJOR=$best_major
}

# JVM flags every Quiver process needs: Arrow's memory access, jvector's SIMD (Panama) path.
quiver_jvm_flags() {
  local flags="--add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED"
  flags="$flags --add-opens java.base/java.nio=ALL-UNNAMED -Djvector.vectorization_provider=panama"
  flags="$flags -Dio.netty.tryReflectionSetAccessible=true"
  if [ "${QUIVER_JAVA_MAJOR:-21}" -ge 24 ]; then
    flags="$flags --sun-misc-unsafe-memory-access=allow"
  fi
  echo "$flags"
}
