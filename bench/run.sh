#!/usr/bin/env bash
# The benchmark of docs/performance.md. Builds the bench module (profile -Pbench, never part of a
# plain build), then runs it: ./bench/run.sh 10 100 1000 1000x20  (N cutovers [x regions]).
# Settings: BENCH_RATE, BENCH_WINDOW, BENCH_POLL, BENCH_TIMEOUT, BENCH_XMX (see CutoverBench).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
mvn -o -q -B -Pbench -pl bench -am package dependency:build-classpath -DskipTests \
  -Dmdep.outputFile="$root/bench/target/classpath.txt" >&2
cp="$root/bench/target/classes:$(cat "$root/bench/target/classpath.txt")"
exec java -Xmx1g -cp "$cp" io.dtscutover.bench.CutoverBench "$@"
