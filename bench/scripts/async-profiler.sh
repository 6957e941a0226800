#!/usr/bin/env bash
# Fetches async-profiler from Maven Central (tools.profiler:async-profiler, the linux-x64 or
# linux-arm64 jar, which carries the native agent) into the local Maven repository, unpacks the
# agent into bench/target/async-profiler/ and prints its path: a CPU profile by thread with every
# thread's samples, which JFR on a busy 2-core VM does not give (see bench/README.md, "Profiles with
# async-profiler").
#
# usage: bench/scripts/async-profiler.sh            # prints the agent's path
#   AP=$(bench/scripts/async-profiler.sh)
#   FIREGRID_BENCH_GATEWAY_JAVA_OPTS="-agentpath:$AP=start,event=cpu,interval=1ms,threads,collapsed,loop=5s,file=/tmp/ap/ingest-%t.txt" \
#     ./firegrid bench ingest --rounds 4 --no-mosquitto
#   bench/scripts/ap-stages.py /tmp/ap/ingest-*.txt     # the last files: the warm rounds
# needs: Maven (Maven Central, or the jar already in the local repository), unzip
set -euo pipefail
VERSION=${ASYNC_PROFILER_VERSION:-4.0}
case "$(uname -m)" in
  x86_64) PLATFORM=linux-x64 ;;
  aarch64) PLATFORM=linux-arm64 ;;
  *) echo "async-profiler: no build for $(uname -m) on Maven Central" >&2; exit 2 ;;
esac
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
DEST=$ROOT/bench/target/async-profiler/$VERSION
LIB=$DEST/$PLATFORM/libasyncProfiler.so
if [ ! -f "$LIB" ]; then
  mkdir -p "$DEST"
  JAR=$DEST/async-profiler-$VERSION-$PLATFORM.jar
  if [ ! -f "$JAR" ]; then
    echo "async-profiler: fetching tools.profiler:async-profiler:$VERSION:$PLATFORM from Maven Central ..." >&2
    (cd "$DEST" && mvn -B -q -Dstyle.color=never dependency:copy \
      -Dartifact="tools.profiler:async-profiler:$VERSION:jar:$PLATFORM" -DoutputDirectory="$DEST") >&2
  fi
  unzip -o -q "$JAR" "$PLATFORM/*" -d "$DEST"
fi
echo "$LIB"
