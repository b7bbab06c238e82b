// Pins the Prometheus Operator release whose CRDs (example/prometheus-operator-crd/) the chart's ServiceMonitor and
// PrometheusRule are validated against. Nothing is built from it: e2e/build-testbed.sh downloads the module
// (go mod download) and copies the two CRD files into the test bed cache. v0.85.0 is the newest the proxy serves.
module wattshift.io/e2e/build/prometheus-operator

go 1.26.0

require (
	github.com/prometheus-operator/prometheus-operator v0.85.0
)
