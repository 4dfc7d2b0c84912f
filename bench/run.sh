#!/usr/bin/env bash
# The benchmark of docs/performance.md. Builds the bench module (profile -Pbench, never part of a
# plain build), then runs it: ./bench/run.sh 10 100 1000 1000x20  (N cutovers [x regions]).
# Settings: BENCH_RATE, BENCH_WINDOW, BENCH_POLL, BENCH_TIMEOUT, BENCH_XMX, BENCH_WORKERS,
# BENCH_BASELINE, BENCH_TRACE (see CutoverBench).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
"$root/mvnw" -q -B -Pbench -pl bench -am package \
  org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath -DskipTests \
  -Dmdep.outputFile="$root/bench/target/classpath.txt" >&2
cp="$root/bench/target/classes:$(cat "$root/bench/target/classpath.txt")"
exec java -Xmx1g -cp "$cp" io.dtscutover.bench.CutoverBench "$@"
