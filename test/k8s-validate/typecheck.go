package main

import (
	"k8s.io/apimachinery/pkg/api/meta"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apiserver/pkg/admission/plugin/policy/validating"
	"k8s.io/apiserver/pkg/cel/openapi/resolver"
	k8sscheme "k8s.io/client-go/kubernetes/scheme"
	"k8s.io/kubernetes/pkg/generated/openapi"
)

// newTypeChecker is the type checker of the ValidatingAdmissionPolicy status controller
// (cmd/kube-controller-manager/app/validatingadmissionpolicystatus.go): schemas from the
// built-in OpenAPI definitions, resources mapped to kinds by a REST mapper. The controller's
// mapper is discovery; here it is the harness's own table of built-in kinds (builtin.go), which
// covers every resource the project's policies match. A resource it does not know is skipped by
// the type checker (no warning), exactly as for a resource discovery does not know.
func newTypeChecker() *validating.TypeChecker {
	mapper := meta.NewDefaultRESTMapper(nil)
	for _, kind := range builtinKinds {
		scope := meta.RESTScopeRoot
		if kind.strategy.NamespaceScoped() {
			scope = meta.RESTScopeNamespace
		}
		plural := kind.gvk.GroupVersion().WithResource(kind.resource)
		singular := schema.GroupVersionResource{Group: plural.Group, Version: plural.Version, Resource: lowerKind(kind.gvk.Kind)}
		mapper.AddSpecific(kind.gvk, plural, singular, scope)
	}
	return &validating.TypeChecker{
		SchemaResolver: resolver.NewDefinitionsSchemaResolver(openapi.GetOpenAPIDefinitions, k8sscheme.Scheme),
		RestMapper:     mapper,
	}
}

func lowerKind(kind string) string {
	out := []byte(kind)
	for i, c := range out {
		if 'A' <= c && c <= 'Z' {
			out[i] = c + 'a' - 'A'
		}
	}
	return string(out)
}
