// The CustomResourceDefinitions the harness validates KEDA and prometheus-operator objects
// against, taken from the projects' own Go modules (no Go code is built from them). go.sum pins
// each module's content; build.sh reads the CRD YAML from the module cache. Do not run
// `go mod tidy` here: with no Go packages it would drop these requirements.
module cdk8s-batch/test/k8s-validate/crds

go 1.26.0

require (
	// config/crd/bases/keda.sh_{scaledobjects,triggerauthentications}.yaml
	github.com/kedacore/keda/v2 v2.21.0
	// example/prometheus-operator-crd/monitoring.coreos.com_prometheusrules.yaml; v0.85.0 is the
	// newest release of the repository's root module the module proxy serves (later tags are only
	// published as the pkg/apis/monitoring and pkg/client submodules, which carry no CRD YAML).
	github.com/prometheus-operator/prometheus-operator v0.85.0
)
