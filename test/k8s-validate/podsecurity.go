package main

import (
	"fmt"

	"k8s.io/kubernetes/pkg/api/legacyscheme"
	psaadmission "k8s.io/pod-security-admission/admission"
	psaapi "k8s.io/pod-security-admission/api"
	psapolicy "k8s.io/pod-security-admission/policy"
)

// podSecurityCheck is one failed check of Pod Security Admission.
type podSecurityCheck struct {
	Reason string `json:"reason"`
	Detail string `json:"detail,omitempty"`
}

// podSecurityVersion is the Pod Security policy version for the target: "restricted" at 1.N
// means the checks as they stood in Kubernetes 1.N (the namespace label
// pod-security.kubernetes.io/enforce-version: v1.N); without a version, the build's own ("latest").
func podSecurityVersion(target, emulated string) (psaapi.Version, error) {
	v := target
	if v == "" {
		v = emulated
	}
	if v == "" {
		return psaapi.LatestVersion(), nil
	}
	return psaapi.ParseVersion("v" + v)
}

var podSecurityEvaluator = func() psapolicy.Evaluator {
	evaluator, err := psapolicy.NewEvaluator(psapolicy.DefaultChecks(), nil)
	if err != nil {
		panic(err)
	}
	return evaluator
}()

// podSecurity evaluates Pod Security Admission's policy on the object as the PodSecurity
// admission plugin sees it (after defaulting and BeforeCreate, converted to its served version):
// the pod spec of a Pod, the pod template of a workload (DefaultPodSpecExtractor, the plugin's own
// extraction). On a workload the plugin only warns and audits; the result is the same checks.
func (s *admissionSession) podSecurity(request admissionRequest) (*podSecurityResponse, error) {
	level := psaapi.LevelRestricted
	if request.Level != "" {
		parsed, err := psaapi.ParseLevel(request.Level)
		if err != nil {
			return nil, err
		}
		level = parsed
	}
	v, kind, obj := createObject(request.Object)
	response := &podSecurityResponse{Type: "podSecurity", ID: request.ID, Object: v, Level: string(level), Version: s.podSecurityVersion.String(), Checks: []podSecurityCheck{}}
	if obj == nil {
		return response, nil
	}
	versioned, err := legacyscheme.Scheme.ConvertToVersion(obj, kind.gvk.GroupVersion())
	if err != nil {
		return nil, fmt.Errorf("converting to %s: %w", kind.gvk.GroupVersion(), err)
	}
	podMeta, podSpec, err := psaadmission.DefaultPodSpecExtractor{}.ExtractPodSpec(versioned)
	if err != nil {
		return nil, fmt.Errorf("%s has no pod spec Pod Security Admission checks: %w", kind.gvk.Kind, err)
	}
	results := podSecurityEvaluator.EvaluatePod(psaapi.LevelVersion{Level: level, Version: s.podSecurityVersion}, podMeta, podSpec)
	aggregate := psapolicy.AggregateCheckResults(results)
	response.Allowed = aggregate.Allowed
	response.ForbiddenReason = aggregate.ForbiddenReason()
	response.ForbiddenDetail = aggregate.ForbiddenDetail()
	for i, reason := range aggregate.ForbiddenReasons {
		response.Checks = append(response.Checks, podSecurityCheck{Reason: reason, Detail: aggregate.ForbiddenDetails[i]})
	}
	return response, nil
}
