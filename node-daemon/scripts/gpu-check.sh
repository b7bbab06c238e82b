#!/usr/bin/env bash
# GPU check: runs the daemon's NVML binding (JNA -> libnvidia-ml.so.1) once against the real driver and prints its
# readings next to nvidia-smi's, then compares them field by field.
#
# Needs on the GPU machine: the NVIDIA driver (nvidia-smi, libnvidia-ml.so.1) and a Java runtime, either
#   a) the bundle from make-gpu-check-bundle.sh in node-daemon/target/gpu-check (own JRE, no Java needed there), or
#   b) Java 17+ on PATH (or JAVA_HOME) and the daemon jar node-daemon/target/wattshift-node-daemon.jar.
# Build here:  mvn -B -q -pl wire,node-daemon install && node-daemon/scripts/make-gpu-check-bundle.sh
# Run there:   node-daemon/scripts/gpu-check.sh            (NVML_LIBRARY=/path/libnvidia-ml.so.1 to override)
# Exit status: 0 when the static values (limits, memory total, names) agree and live values are close; 1 otherwise.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
bundle=$here/target/gpu-check
if [[ -x $bundle/jre/bin/java ]]; then
  java_cmd=("$bundle/jre/bin/java" -cp "$bundle/classes:$bundle/lib/*")
elif [[ -f $here/target/wattshift-node-daemon.jar ]] && { [[ -n ${JAVA_HOME:-} ]] || command -v java >/dev/null; }; then
  java_bin=${JAVA_HOME:+$JAVA_HOME/bin/}java
  java_cmd=("$java_bin" -cp "$here/target/wattshift-node-daemon.jar")
else
  echo "no Java runtime: build the bundle (node-daemon/scripts/make-gpu-check-bundle.sh) and carry node-daemon/target/gpu-check," >&2
  echo "or install Java 17+ and carry node-daemon/target/wattshift-node-daemon.jar" >&2
  exit 3
fi
command -v nvidia-smi >/dev/null || { echo "nvidia-smi not found: is the NVIDIA driver installed?" >&2; exit 3; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fields=index,name,power.draw,power.limit,enforced.power.limit,power.min_limit,power.max_limit,power.default_limit,temperature.gpu,utilization.gpu,memory.total,memory.used

echo "== host: $(hostname), $(nvidia-smi --query-gpu=driver_version --format=csv,noheader | head -1) driver"
echo "== nvidia-smi --query-gpu=$fields --format=csv"
nvidia-smi --query-gpu="$fields" --format=csv
nvidia-smi --query-gpu="$fields" --format=csv,noheader,nounits > "$tmp/smi.csv"
nvidia-smi --query-gpu=index,clocks_event_reasons.active --format=csv 2>/dev/null \
  || nvidia-smi --query-gpu=index,clocks_throttle_reasons.active --format=csv 2>/dev/null || true

echo
echo "== wattshift NVML binding (JNA), same columns, then energy and decoded clocks event reasons"
start=$(date +%s%N)
"${java_cmd[@]}" io.wattshift.daemon.GpuReport ${NVML_LIBRARY:+"$NVML_LIBRARY"} | tee "$tmp/ws.csv"
echo "(took $(( ($(date +%s%N) - start) / 1000000 )) ms including JVM start)"

echo
echo "== comparison (static fields must match; live readings are taken a moment apart)"
grep -v '^#' "$tmp/ws.csv" | tail -n +2 > "$tmp/ws-rows.csv"
awk -F', *' '
  function num(x) { gsub(/[^0-9.\-]/, "", x); return x + 0 }
  function na(x) { return x ~ /N\/A|Not Supported|^$/ }
  function check(gpu, name, a, b, tol, rel,   d, lim) {
    if (na(a) && na(b)) { printf "  GPU %s %-22s both absent\n", gpu, name; return }
    if (na(a) != na(b)) { printf "  GPU %s %-22s DIFF nvidia-smi=%s wattshift=%s (absent on one side)\n", gpu, name, a, b; bad++; return }
    d = num(a) - num(b); if (d < 0) d = -d
    lim = tol; if (rel * num(a) > lim) lim = rel * num(a)
    if (d <= lim) printf "  GPU %s %-22s ok   nvidia-smi=%s wattshift=%s\n", gpu, name, a, b
    else { printf "  GPU %s %-22s DIFF nvidia-smi=%s wattshift=%s (tolerance %s)\n", gpu, name, a, b, lim; bad++ }
  }
  NR == FNR { smi[$1] = $0; next }
  {
    gpu = $1; n = split(smi[gpu], s, /, */)
    if (n == 0) { printf "  GPU %s missing from nvidia-smi\n", gpu; bad++; next }
    seen++
    if (s[2] != $2) { printf "  GPU %s name DIFF nvidia-smi=%s wattshift=%s\n", gpu, s[2], $2; bad++ } else printf "  GPU %s %-22s ok   %s\n", gpu, "name", $2
    check(gpu, "power.draw [W]", s[3], $3, 30, 0.15)
    check(gpu, "power.limit [W]", s[4], $4, 0.01, 0)
    check(gpu, "enforced.power.limit", s[5], $5, 0.01, 0)
    check(gpu, "power.min_limit [W]", s[6], $6, 0.01, 0)
    check(gpu, "power.max_limit [W]", s[7], $7, 0.01, 0)
    check(gpu, "power.default_limit", s[8], $8, 0.01, 0)
    check(gpu, "temperature.gpu [C]", s[9], $9, 3, 0)
    check(gpu, "utilization.gpu [%]", s[10], $10, 25, 0)
    check(gpu, "memory.total [MiB]", s[11], $11, 1, 0)
    check(gpu, "memory.used [MiB]", s[12], $12, 64, 0.05)
  }
  END {
    if (seen == 0) { print "  no GPU rows from the binding"; exit 1 }
    printf "%s\n", bad ? "RESULT: " bad " difference(s)" : "RESULT: the binding agrees with nvidia-smi"
    exit bad ? 1 : 0
  }' "$tmp/smi.csv" "$tmp/ws-rows.csv"
