#!/usr/bin/env bash
# Measures the node daemon's footprint: the real daemon jar samples GPUS fake GPUs (src/test/c/fake_nvml.c,
# loaded through JNA like libnvidia-ml.so.1) at 1 Hz, serves /metrics and streams to a stand-in scheduler
# (CountingReceiver) for DURATION seconds after WARMUP seconds; CPU and memory come from /proc.
# The JVM is sized as in the DaemonSet (256 MiB memory limit, emulated with -XX:MaxRAM) with JAVA_OPTS, by default
# the options recommended for the daemon (Serial GC and C1 only: a 1 Hz agent needs neither G1's remembered sets
# nor C2; G1 alone commits ~38 MiB here). The Node labeller runs against an unreachable API server, so fabric8's
# classes are loaded as in a cluster.
#
#   mvn -B -q -pl wire,node-daemon install        # builds the jar, the fake library and the receiver
#   node-daemon/scripts/bench-daemon.sh            # GPUS=8 DURATION=60 WARMUP=15 by default
set -euo pipefail
cd "$(dirname "$0")/.."
GPUS=${GPUS:-8}
export JAVA_OPTS=${JAVA_OPTS:--XX:MaxRAMPercentage=75 -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:+ExitOnOutOfMemoryError}
DURATION=${DURATION:-60}
WARMUP=${WARMUP:-15}
JAR=target/wattshift-node-daemon.jar
LIB=$PWD/target/fake-nvml/libnvidia-ml.so.1
for f in "$JAR" "$LIB" target/test-classes/io/wattshift/daemon/bench/CountingReceiver.class; do
  [[ -f $f ]] || { echo "missing $f: build first with mvn -B -q -pl wire,node-daemon install" >&2; exit 1; }
done

tmp=$(mktemp -d)
daemon=""; receiver=""
cleanup() {
  [[ -n $daemon ]] && kill "$daemon" 2>/dev/null && wait "$daemon" 2>/dev/null || true
  [[ -n $receiver ]] && kill "$receiver" 2>/dev/null && wait "$receiver" 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT
echo "bench-token" > "$tmp/token"

java -Xmx64m -cp "target/test-classes:$JAR" io.wattshift.daemon.bench.CountingReceiver 0 > "$tmp/receiver.out" 2>&1 &
receiver=$!
for _ in $(seq 100); do grep -q '^port=' "$tmp/receiver.out" 2>/dev/null && break; sleep 0.1; done
port=$(sed -n 's/^port=//p' "$tmp/receiver.out")
[[ -n $port ]] || { echo "receiver did not start" >&2; cat "$tmp/receiver.out" >&2; exit 1; }

# shellcheck disable=SC2086
FAKE_NVML_GPUS=$GPUS KUBECONFIG=$tmp/none java -XX:MaxRAM=256m $JAVA_OPTS \
  -Dkubernetes.master=https://127.0.0.1:1 -Dkubernetes.auth.tryKubeConfig=false -Dkubernetes.auth.tryServiceAccount=false \
  -jar "$JAR" --node-name=bench-node --label-node=true --nvml-library="$LIB" --sample-interval=1s \
  --scheduler-url="http://127.0.0.1:$port" --token-file="$tmp/token" \
  --metrics-host=127.0.0.1 --metrics-port=0 --state-file="$tmp/caps.properties" > "$tmp/daemon.log" 2>&1 &
daemon=$!

ticks() { awk '{print $14 + $15}' "/proc/$daemon/stat"; }   # utime + stime, in clock ticks
hz=$(getconf CLK_TCK)
sleep "$WARMUP"
kill -0 "$daemon" 2>/dev/null || { echo "daemon exited:" >&2; cat "$tmp/daemon.log" >&2; exit 1; }
c0=$(ticks); t0=$(date +%s.%N)
sleep "$DURATION"
c1=$(ticks); t1=$(date +%s.%N)
rss=$(awk '/^VmRSS/ {print $2}' "/proc/$daemon/status")
hwm=$(awk '/^VmHWM/ {print $2}' "/proc/$daemon/status")
threads=$(awk '/^Threads/ {print $2}' "/proc/$daemon/status")
kill "$daemon"; wait "$daemon" 2>/dev/null || true; daemon=""
kill "$receiver"; wait "$receiver" 2>/dev/null || true; receiver=""

awk -v c0="$c0" -v c1="$c1" -v t0="$t0" -v t1="$t1" -v hz="$hz" -v rss="$rss" -v hwm="$hwm" \
    -v gpus="$GPUS" -v threads="$threads" 'BEGIN {
  secs = t1 - t0; cpu = (c1 - c0) / hz;
  printf "node daemon, %d GPUs at 1 Hz, streaming, %.0f s measured after warm-up\n", gpus, secs;
  printf "  JVM: -XX:MaxRAM=256m %s\n", ENVIRON["JAVA_OPTS"];
  printf "  CPU: %.2f s over %.0f s = %.2f%% of one core (target < 1%%)\n", cpu, secs, 100 * cpu / secs;
  printf "  RSS: %.1f MiB at the end, peak %.1f MiB (target < 128 MiB); %d threads\n", rss / 1024, hwm / 1024, threads;
}'
echo "  receiver: $(grep '^samples=' "$tmp/receiver.out" || echo 'no count')"
grep -E "ERROR|Exception" "$tmp/daemon.log" | grep -v "could not label node" | head -5 || true
