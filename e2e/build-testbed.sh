#!/usr/bin/env bash
# Builds the test bed's binaries (etcd, kube-apiserver, kube-controller-manager, kwok, helm, kubectl,
# kube-scheduler, promrules) from the pinned wrapper Go modules under e2e/build/<component>/ into a cache outside
# the repository, and copies the Prometheus Operator's CRDs there (prometheus-operator-crds), doing only what is
# missing.
#
#   e2e/build-testbed.sh              build what is missing (prints each build and how long it took)
#   e2e/build-testbed.sh --bin-dir    print the binary folder and exit (used by the Java test bed and e2e/cluster)
#   e2e/build-testbed.sh --crd-dir    print the folder of the Prometheus Operator CRDs and exit
#   e2e/build-testbed.sh --check      exit 0 when every component is there, 1 otherwise (builds nothing)
#   e2e/build-testbed.sh NAME...      build only these (etcd kube-apiserver kube-controller-manager kwok helm
#                                     kubectl kube-scheduler promrules prometheus-operator-crds)
#
# Env: WATTSHIFT_TESTBED_HOME  cache root (default ~/.cache/wattshift/testbed-<versions>); binaries in $HOME/bin
#      WATTSHIFT_TESTBED_NICE  nice level for the Go builds (default 10; the machine is shared)
set -euo pipefail

E2E_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
BUILD_DIR=$E2E_DIR/build

# The versions come from the checked-in wrapper go.mod files: one source of truth.
mod_version() { # <component dir> <module path>
  sed -n "s#^[[:space:]]*$2 \(v[^ ]*\).*#\1#p" "$BUILD_DIR/$1/go.mod" | head -1
}
K8S_VERSION=$(mod_version kube k8s.io/kubernetes)
ETCD_VERSION=$(mod_version etcd go.etcd.io/etcd/server/v3)
KWOK_VERSION=$(mod_version kwok sigs.k8s.io/kwok)
HELM_VERSION=$(mod_version helm helm.sh/helm/v4)
PROMETHEUS_VERSION=$(mod_version promrules github.com/prometheus/prometheus)
PROMETHEUS_OPERATOR_VERSION=$(mod_version prometheus-operator github.com/prometheus-operator/prometheus-operator)
for v in K8S_VERSION ETCD_VERSION KWOK_VERSION HELM_VERSION PROMETHEUS_VERSION PROMETHEUS_OPERATOR_VERSION; do
  [[ -n ${!v} ]] || { echo "build-testbed: cannot read $v from $BUILD_DIR/*/go.mod" >&2; exit 2; }
done

TESTBED_HOME=${WATTSHIFT_TESTBED_HOME:-$HOME/.cache/wattshift/testbed-k8s$K8S_VERSION-etcd$ETCD_VERSION-kwok$KWOK_VERSION-helm$HELM_VERSION}
BIN_DIR=$TESTBED_HOME/bin
# The monitoring checks came later: their versions are not in the folder name (so existing caches keep working and
# get only these built); a version stamp beside each decides instead, and the CRD folder is named by its version.
CRD_DIR=$TESTBED_HOME/prometheus-operator-$PROMETHEUS_OPERATOR_VERSION-crds
CRD_FILES=(monitoring.coreos.com_servicemonitors.yaml monitoring.coreos.com_prometheusrules.yaml)
ALL=(etcd kube-apiserver kwok helm kube-controller-manager kube-scheduler kubectl promrules prometheus-operator-crds)

# Stamped components: "<version>" to compare with $BIN_DIR/.<name>.version; others are keyed by the folder name.
stamp_version() {
  case "$1" in
    promrules) echo "$PROMETHEUS_VERSION" ;;
    *) echo "" ;;
  esac
}

present() { # <component>: 0 when it is built (and of the pinned version)
  local c=$1 v
  if [[ $c == prometheus-operator-crds ]]; then
    for f in "${CRD_FILES[@]}"; do [[ -s $CRD_DIR/$f ]] || return 1; done
    return 0
  fi
  [[ -x $BIN_DIR/$c ]] || return 1
  v=$(stamp_version "$c")
  [[ -z $v || "$(cat "$BIN_DIR/.$c.version" 2>/dev/null)" == "$v" ]]
}

case "${1:-}" in
  --bin-dir) echo "$BIN_DIR"; exit 0 ;;
  --crd-dir) echo "$CRD_DIR"; exit 0 ;;
  --check)
    for c in "${ALL[@]}"; do present "$c" || { echo "missing: $c (in $TESTBED_HOME)" >&2; exit 1; }; done
    exit 0 ;;
  -h|--help) sed -n '2,15p' "${BASH_SOURCE[0]}"; exit 0 ;;
esac
WANTED=("$@"); [[ ${#WANTED[@]} -gt 0 ]] || WANTED=("${ALL[@]}")

command -v go >/dev/null || { echo "build-testbed: Go is not on the PATH" >&2; exit 2; }

k8s_ldflags() { # version stamps so that /version and kubectl version do not say v0.0.0-master
  local v=$K8S_VERSION major minor
  major=${v#v}; major=${major%%.*}
  minor=${v#v*.}; minor=${minor%%.*}
  local f="-s -w"
  for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
    f+=" -X $pkg.gitVersion=$v -X $pkg.gitMajor=$major -X $pkg.gitMinor=$minor -X $pkg.gitTreeState=clean"
  done
  echo "$f"
}

# component -> "<wrapper dir> <package> <ldflags>"
spec() {
  case "$1" in
    etcd)           echo "etcd|go.etcd.io/etcd/server/v3|-s -w" ;;
    kube-apiserver) echo "kube|k8s.io/kubernetes/cmd/kube-apiserver|$(k8s_ldflags)" ;;
    kube-controller-manager) echo "kube|k8s.io/kubernetes/cmd/kube-controller-manager|$(k8s_ldflags)" ;;
    kube-scheduler) echo "kube|k8s.io/kubernetes/cmd/kube-scheduler|$(k8s_ldflags)" ;;
    # kubectl of the server's version: the machine's may be missing or far out of the supported skew (Debian: 1.20)
    kubectl)        echo "kube|k8s.io/kubernetes/cmd/kubectl|$(k8s_ldflags)" ;;
    kwok)           echo "kwok|sigs.k8s.io/kwok/cmd/kwok|-s -w -X sigs.k8s.io/kwok/pkg/consts.Version=${KWOK_VERSION#v} -X sigs.k8s.io/kwok/pkg/consts.KubeVersion=${K8S_VERSION#v}" ;;
    helm)           echo "helm|helm.sh/helm/v4/cmd/helm|-s -w -X helm.sh/helm/v4/internal/version.version=$HELM_VERSION -X helm.sh/helm/v4/internal/version.gitTreeState=clean" ;;
    # `promtool check rules` without promtool: the same rulefmt parser, a fraction of the build (e2e/README.md)
    promrules)      echo "promrules|.|-s -w" ;;
    prometheus-operator-crds) echo "prometheus-operator|github.com/prometheus-operator/prometheus-operator|" ;;
    *) echo "build-testbed: unknown component '$1' (known: ${ALL[*]})" >&2; return 1 ;;
  esac
}

mkdir -p "$BIN_DIR"
export CGO_ENABLED=0 GOFLAGS="${GOFLAGS:-} -trimpath -buildvcs=false -mod=readonly"
# Some wrapper modules need a newer Go than an older machine's (promrules: go 1.26.7): let go fetch that toolchain
# from the module proxy, even where the installation defaults to GOTOOLCHAIN=local; an explicit setting wins.
export GOTOOLCHAIN="${GOTOOLCHAIN:-auto}"
total_start=$(date +%s)
built=0
# Copies the CRD files out of the pinned Prometheus Operator module (downloaded only, nothing compiled).
copy_crds() { # <wrapper dir> <module>
  local src
  src=$(cd "$BUILD_DIR/$1" && go mod download -json "$2" | sed -n 's#^[[:space:]]*"Dir": "\(.*\)",*$#\1#p')
  [[ -n $src ]] || { echo "build-testbed: go mod download printed no Dir for $2" >&2; return 1; }
  mkdir -p "$CRD_DIR"
  for f in "${CRD_FILES[@]}"; do
    cp "$src/example/prometheus-operator-crd/$f" "$CRD_DIR/.$f.tmp"
    chmod 644 "$CRD_DIR/.$f.tmp"   # the module cache is read-only
    mv -f "$CRD_DIR/.$f.tmp" "$CRD_DIR/$f"
  done
}

for c in "${WANTED[@]}"; do
  IFS='|' read -r dir pkg ldflags <<<"$(spec "$c")"
  if present "$c"; then
    [[ $c == prometheus-operator-crds ]] && where=$CRD_DIR || where=$BIN_DIR/$c
    echo "build-testbed: $c is there ($where)"
    continue
  fi
  echo "build-testbed: building $c from $pkg (module e2e/build/$dir) ..."
  start=$(date +%s)
  if [[ $c == prometheus-operator-crds ]]; then
    copy_crds "$dir" "$pkg"
    end=$(date +%s)
    echo "build-testbed: copied $c ${PROMETHEUS_OPERATOR_VERSION} (${CRD_FILES[*]}) in $((end - start)) s into $CRD_DIR"
    built=$((built + 1))
    continue
  fi
  # Download first so the log separates network time from compile time.
  (cd "$BUILD_DIR/$dir" && go mod download)
  downloaded=$(date +%s)
  (cd "$BUILD_DIR/$dir" && nice -n "${WATTSHIFT_TESTBED_NICE:-10}" go build -ldflags "$ldflags" -o "$BIN_DIR/.$c.tmp" "$pkg")
  mv -f "$BIN_DIR/.$c.tmp" "$BIN_DIR/$c"
  v=$(stamp_version "$c")
  [[ -z $v ]] || echo "$v" >"$BIN_DIR/.$c.version"
  end=$(date +%s)
  echo "build-testbed: built $c in $((end - start)) s (modules $((downloaded - start)) s, compile $((end - downloaded)) s)"
  built=$((built + 1))
done
echo "build-testbed: $built built, total $(( $(date +%s) - total_start )) s; binaries in $BIN_DIR, CRDs in $CRD_DIR"
