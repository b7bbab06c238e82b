#!/usr/bin/env bash
# Builds node-daemon/target/gpu-check/: what gpu-check.sh needs on a GPU machine without Java. About 30 MB:
#   jre/      a jlink runtime with java.base and java.logging only (JNA needs no more)
#   classes/  the daemon's compiled classes (GpuReport and the NVML binding are all that runs)
#   lib/      jna.jar
# Carry that folder (and this repository's node-daemon/scripts) to the GPU machine, e.g. as the device tool's
# carry path "node-daemon/target/gpu-check", then run node-daemon/scripts/gpu-check.sh there.
set -euo pipefail
cd "$(dirname "$0")/.."
[[ -d target/classes/io/wattshift/daemon/nvml ]] || { echo "build first: mvn -B -q -pl wire,node-daemon install" >&2; exit 1; }
jna=$(ls ~/.m2/repository/net/java/dev/jna/jna/5.19.1/jna-5.19.1.jar 2>/dev/null || true)
[[ -n $jna ]] || { echo "jna 5.19.1 not in ~/.m2 (run the Maven build)" >&2; exit 1; }
out=target/gpu-check
rm -rf "$out"
mkdir -p "$out/lib"
cp -r target/classes "$out/classes"
cp "$jna" "$out/lib/"
jlink --add-modules java.base,java.logging --strip-debug --no-header-files --no-man-pages --compress=2 --output "$out/jre"
du -sh "$out" | sed 's/\t/  /'
