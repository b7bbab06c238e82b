#!/usr/bin/env bash
# Scheduler-side ingest through the real telemetry endpoint (WebSocket framing + decode + store + metrics) on one
# Vert.x event loop, fed by DAEMONS simulated daemons: prints samples/s and samples per CPU-second of that thread.
# The decode + store part alone is the JMH benchmark scheduler/bench TelemetryIngestBenchmark.
#   mvn -B -q -pl wire,node-daemon install && node-daemon/scripts/bench-ingest.sh [DAEMONS] [SECONDS] [WARMUP]
set -euo pipefail
cd "$(dirname "$0")/.."
cpfile=$(mktemp)
trap 'rm -f "$cpfile"' EXIT
mvn -B -q -o dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$cpfile" >/dev/null
cp=$(cat "$cpfile")
timeout 300 java -Xmx512m -cp "target/test-classes:target/classes:$cp" io.wattshift.daemon.bench.EndpointIngestBench "${1:-200}" "${2:-20}" "${3:-10}"
