// Command k8s-validate checks Kubernetes manifests with the API server's own code: for each YAML
// document on stdin it does what kube-apiserver does on a create request with strict field
// validation (decode, default, PrepareForCreate, validate) and prints one JSON verdict per line.
//
//	k8s-validate --kubernetes-version 1.34 [--crd FILE]... < manifests.yaml
//	k8s-validate --admission --kubernetes-version 1.34 --target-kubernetes-version 1.30 < requests.jsonl
//
// With --admission, stdin carries JSON requests, one a line, about ValidatingAdmissionPolicies
// (validate and type-check them, evaluate them on admission requests) and Pod Security
// Admission; see admission.go.
// Built-in kinds go through the registry strategies of k8s.io/kubernetes (builtin.go); kinds
// defined by a CRD given with --crd go through apiextensions-apiserver's structural-schema
// validation (crd.go); any other kind is reported as skipped. See README.md.
package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"k8s.io/apimachinery/pkg/util/version"
	utilyaml "k8s.io/apimachinery/pkg/util/yaml"
	"k8s.io/apiserver/pkg/util/compatibility"
	utilfeature "k8s.io/apiserver/pkg/util/feature"
	basecompatibility "k8s.io/component-base/compatibility"
	baseversion "k8s.io/component-base/version"
	"k8s.io/kubernetes/pkg/capabilities"
	"sigs.k8s.io/yaml"

	// Registers every Kubernetes feature gate with its per-version defaults.
	_ "k8s.io/kubernetes/pkg/features"
)

// verdict is what the harness says about one document.
type verdict struct {
	// Index counts the non-empty documents of the input from 0.
	Index      int    `json:"index"`
	APIVersion string `json:"apiVersion"`
	Kind       string `json:"kind"`
	Namespace  string `json:"namespace,omitempty"`
	Name       string `json:"name"`
	// Status is "ok", "invalid" (the API server would reject the document) or "skipped" (a kind
	// the harness has no validation for; Reason says why).
	Status string `json:"status"`
	OK     bool   `json:"ok"`
	Reason string `json:"reason,omitempty"`
	// Message is the API server's whole error message, as kubectl prints it.
	Message string `json:"message,omitempty"`
	// Errors are the causes of an invalid document: field path and message.
	Errors []fieldError `json:"errors"`
	// Warnings are the warnings the API server returns on create.
	Warnings []string `json:"warnings"`
	// Defaults is what defaulting and PrepareForCreate changed in the stored object.
	Defaults *objectDiff `json:"defaults,omitempty"`
}

type fieldError struct {
	Field   string `json:"field"`
	Message string `json:"message"`
}

func main() {
	kubernetesVersion := flag.String("kubernetes-version", envOr("K8S_VALIDATE_KUBERNETES_VERSION", ""),
		"Kubernetes minor version (1.NN) whose feature-gate defaults apply; default: this build's own")
	var crdFiles stringList
	flag.Var(&crdFiles, "crd", "a CustomResourceDefinition YAML file whose kinds are validated (repeatable)")
	admissionMode := flag.Bool("admission", false, "read JSON admission requests, one a line, instead of YAML documents (admission.go)")
	targetVersion := flag.String("target-kubernetes-version", "",
		"with --admission: the cluster version (1.NN) whose CEL environment and Pod Security policy apply; default: --kubernetes-version")
	flag.Parse()

	if err := setKubernetesVersion(*kubernetesVersion, *targetVersion); err != nil {
		fail(err)
	}
	// kube-apiserver's --allow-privileged defaults to false, but clusters set it: kubeadm (and so
	// kind) passes --allow-privileged=true, and managed clusters admit privileged pods, leaving
	// the decision to admission (PodSecurity). Without it a privileged container would be
	// rejected here ("disallowed by cluster policy") where a real cluster accepts it.
	capabilities.Setup(true, 0)
	crds, err := loadCRDs(crdFiles)
	if err != nil {
		fail(err)
	}
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	if *admissionMode {
		target, err := podSecurityVersion(*targetVersion, *kubernetesVersion)
		if err != nil {
			fail(err)
		}
		if err := runAdmission(os.Stdin, out, target); err != nil {
			out.Flush()
			fail(err)
		}
		return
	}
	if err := run(os.Stdin, out, crds); err != nil {
		out.Flush()
		fail(err)
	}
}

// setKubernetesVersion makes every feature gate take its default at that Kubernetes version, the
// way kube-apiserver --emulated-version does. Only the versions this build can emulate are
// accepted (the build's own minor and up to three before it).
//
// It also registers the effective version of the kube component as --emulated-version does
// (emulation = requested, minimum compatibility = requested - 1). Code that compiles new CEL
// expressions (ValidatingAdmissionPolicy validation, CRD x-kubernetes-validations) takes its CEL
// environment from that minimum compatibility version (cel/environment
// DefaultCompatibilityVersion), so an API server at 1.N accepts only the CEL libraries 1.N-1
// already had. A target older than the emulated version (--target-kubernetes-version) lowers the
// minimum compatibility version to target - 1: the CEL environment is versioned down to 1.0 by
// design, even though kube-apiserver's flags would not go below n-3.
func setKubernetesVersion(requested, target string) error {
	if requested == "" {
		if target != "" {
			return fmt.Errorf("--target-kubernetes-version needs --kubernetes-version")
		}
		return nil
	}
	v, err := version.ParseMajorMinor(requested)
	if err != nil {
		return fmt.Errorf("--kubernetes-version %q: want MAJOR.MINOR such as 1.34: %w", requested, err)
	}
	// The feature gate accepts any version; kube-apiserver's --emulated-version accepts its own
	// minor and the three before it (component-base/compatibility), and so does the harness.
	binary := version.MustParse(baseversion.DefaultKubeBinaryVersion)
	oldest := binary.SubtractMinor(3)
	if v.LessThan(oldest) || binary.LessThan(v) {
		return fmt.Errorf("--kubernetes-version %s: this harness is Kubernetes %s and emulates %s to %s only",
			requested, binary, oldest, binary)
	}
	if err := utilfeature.DefaultMutableFeatureGate.SetEmulationVersion(v); err != nil {
		return fmt.Errorf("--kubernetes-version %s: %w", requested, err)
	}
	// k8s.io/apiserver registers the kube component at init with the build's own version.
	effective, ok := compatibility.DefaultComponentGlobalsRegistry.EffectiveVersionFor(basecompatibility.DefaultKubeComponent).(basecompatibility.MutableEffectiveVersion)
	if !ok {
		return fmt.Errorf("--kubernetes-version %s: the kube component's effective version is not settable", requested)
	}
	effective.SetEmulationVersion(v)
	if target != "" {
		t, err := version.ParseMajorMinor(target)
		if err != nil {
			return fmt.Errorf("--target-kubernetes-version %q: want MAJOR.MINOR such as 1.30: %w", target, err)
		}
		if v.LessThan(t) {
			return fmt.Errorf("--target-kubernetes-version %s is newer than --kubernetes-version %s", target, requested)
		}
		if t.LessThan(version.MajorMinor(1, 30)) {
			return fmt.Errorf("--target-kubernetes-version %s: ValidatingAdmissionPolicy is GA (admissionregistration.k8s.io/v1) from 1.30", target)
		}
		effective.SetMinCompatibilityVersion(t.SubtractMinor(1))
	}
	return nil
}

// run validates every non-empty YAML document of in and writes one JSON verdict per line.
func run(in io.Reader, out io.Writer, crds *crdRegistry) error {
	reader := utilyaml.NewYAMLReader(bufio.NewReaderSize(in, 1<<20))
	encoder := json.NewEncoder(out)
	encoder.SetEscapeHTML(false)
	index := 0
	for {
		doc, err := reader.Read()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("reading YAML documents: %w", err)
		}
		if isBlankDocument(doc) {
			continue
		}
		v := check(doc, crds)
		v.Index = index
		index++
		if v.Errors == nil {
			v.Errors = []fieldError{}
		}
		if v.Warnings == nil {
			v.Warnings = []string{}
		}
		v.OK = v.Status == statusOK
		if err := encoder.Encode(v); err != nil {
			return err
		}
	}
}

const (
	statusOK      = "ok"
	statusInvalid = "invalid"
	statusSkipped = "skipped"
)

// check reads one YAML document as Kubernetes does (YAML 1.1 through sigs.k8s.io/yaml, duplicate
// keys rejected) and hands its JSON to the validator for its kind.
// objectHead is the part of a document that names it: what every verdict reports.
type objectHead struct {
	APIVersion string `json:"apiVersion"`
	Kind       string `json:"kind"`
	Metadata   struct {
		Name      string `json:"name"`
		Namespace string `json:"namespace"`
	} `json:"metadata"`
}

func check(doc []byte, crds *crdRegistry) verdict {
	jsonDoc, err := yaml.YAMLToJSONStrict(doc)
	if err != nil {
		return verdict{Status: statusInvalid, Message: fmt.Sprintf("the document is not valid YAML for Kubernetes: %v", err)}
	}
	var head objectHead
	// Lenient read of the identifying fields only; the strict decoders below judge the document.
	_ = json.Unmarshal(jsonDoc, &head)
	v := verdict{APIVersion: head.APIVersion, Kind: head.Kind, Name: head.Metadata.Name, Namespace: head.Metadata.Namespace}
	if head.APIVersion == "" || head.Kind == "" {
		v.Status = statusInvalid
		v.Message = "apiVersion and kind are required: Object 'Kind' is missing or apiVersion is empty"
		return v
	}
	if kind, found := builtinKinds[head.APIVersion+"/"+head.Kind]; found {
		checkBuiltin(&v, kind, jsonDoc)
		return v
	}
	if crd, found := crds.find(head.APIVersion, head.Kind); found {
		checkCustomResource(&v, crd, jsonDoc)
		return v
	}
	v.Status = statusSkipped
	v.Reason = fmt.Sprintf("no validation for %s %s in this harness", head.APIVersion, head.Kind)
	return v
}

func isBlankDocument(doc []byte) bool {
	for _, line := range strings.Split(string(doc), "\n") {
		trimmed := strings.TrimSpace(line)
		if trimmed != "" && !strings.HasPrefix(trimmed, "#") && trimmed != "---" {
			return false
		}
	}
	return true
}

type stringList []string

func (s *stringList) String() string     { return strings.Join(*s, ",") }
func (s *stringList) Set(v string) error { *s = append(*s, v); return nil }

func envOr(name, fallback string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return fallback
}

func fail(err error) {
	fmt.Fprintf(os.Stderr, "k8s-validate: %v\n", err)
	os.Exit(2)
}
