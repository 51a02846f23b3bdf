package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	kjson "k8s.io/apimachinery/pkg/runtime/serializer/json"
	"k8s.io/apimachinery/pkg/types"
	genericapirequest "k8s.io/apiserver/pkg/endpoints/request"
	"k8s.io/apiserver/pkg/registry/rest"
	"k8s.io/apiserver/pkg/warning"
	"k8s.io/kubernetes/pkg/api/legacyscheme"
	api "k8s.io/kubernetes/pkg/apis/core"

	// The API groups whose types, defaults and conversions the harness decodes.
	_ "k8s.io/kubernetes/pkg/apis/admissionregistration/install"
	_ "k8s.io/kubernetes/pkg/apis/apps/install"
	_ "k8s.io/kubernetes/pkg/apis/autoscaling/install"
	_ "k8s.io/kubernetes/pkg/apis/batch/install"
	_ "k8s.io/kubernetes/pkg/apis/core/install"
	_ "k8s.io/kubernetes/pkg/apis/networking/install"
	_ "k8s.io/kubernetes/pkg/apis/policy/install"
	_ "k8s.io/kubernetes/pkg/apis/rbac/install"

	// The registry strategies: what the API server runs on create for each resource.
	"k8s.io/kubernetes/pkg/registry/admissionregistration/validatingadmissionpolicy"
	"k8s.io/kubernetes/pkg/registry/admissionregistration/validatingadmissionpolicybinding"
	"k8s.io/kubernetes/pkg/registry/apps/daemonset"
	"k8s.io/kubernetes/pkg/registry/apps/deployment"
	"k8s.io/kubernetes/pkg/registry/apps/statefulset"
	"k8s.io/kubernetes/pkg/registry/autoscaling/horizontalpodautoscaler"
	"k8s.io/kubernetes/pkg/registry/batch/cronjob"
	"k8s.io/kubernetes/pkg/registry/batch/job"
	"k8s.io/kubernetes/pkg/registry/core/configmap"
	"k8s.io/kubernetes/pkg/registry/core/pod"
	"k8s.io/kubernetes/pkg/registry/core/secret"
	"k8s.io/kubernetes/pkg/registry/core/service"
	"k8s.io/kubernetes/pkg/registry/core/serviceaccount"
	"k8s.io/kubernetes/pkg/registry/networking/ingress"
	"k8s.io/kubernetes/pkg/registry/networking/networkpolicy"
	"k8s.io/kubernetes/pkg/registry/policy/poddisruptionbudget"
	"k8s.io/kubernetes/pkg/registry/rbac/clusterrole"
	"k8s.io/kubernetes/pkg/registry/rbac/clusterrolebinding"
	"k8s.io/kubernetes/pkg/registry/rbac/role"
	"k8s.io/kubernetes/pkg/registry/rbac/rolebinding"
)

// builtinKind is one resource the harness validates with the API server's registry strategy.
type builtinKind struct {
	gvk      schema.GroupVersionKind
	resource string
	strategy rest.RESTCreateStrategy
}

// builtinKinds maps "apiVersion/kind" to its resource. Only served versions are listed: a
// document with a removed apiVersion (batch/v1beta1 CronJob) is skipped, not silently accepted.
var builtinKinds = func() map[string]builtinKind {
	kinds := []builtinKind{
		{schema.GroupVersionKind{Group: "batch", Version: "v1", Kind: "Job"}, "jobs", job.Strategy},
		{schema.GroupVersionKind{Group: "batch", Version: "v1", Kind: "CronJob"}, "cronjobs", cronjob.Strategy},
		{schema.GroupVersionKind{Group: "apps", Version: "v1", Kind: "Deployment"}, "deployments", deployment.Strategy},
		{schema.GroupVersionKind{Group: "apps", Version: "v1", Kind: "StatefulSet"}, "statefulsets", statefulset.Strategy},
		{schema.GroupVersionKind{Group: "apps", Version: "v1", Kind: "DaemonSet"}, "daemonsets", daemonset.Strategy},
		{schema.GroupVersionKind{Version: "v1", Kind: "Pod"}, "pods", pod.Strategy},
		{schema.GroupVersionKind{Version: "v1", Kind: "ServiceAccount"}, "serviceaccounts", serviceaccount.Strategy},
		{schema.GroupVersionKind{Version: "v1", Kind: "ConfigMap"}, "configmaps", configmap.Strategy},
		{schema.GroupVersionKind{Version: "v1", Kind: "Secret"}, "secrets", secret.Strategy},
		{schema.GroupVersionKind{Version: "v1", Kind: "Service"}, "services", service.Strategy},
		{schema.GroupVersionKind{Group: "rbac.authorization.k8s.io", Version: "v1", Kind: "Role"}, "roles", role.Strategy},
		{schema.GroupVersionKind{Group: "rbac.authorization.k8s.io", Version: "v1", Kind: "RoleBinding"}, "rolebindings", rolebinding.Strategy},
		{schema.GroupVersionKind{Group: "rbac.authorization.k8s.io", Version: "v1", Kind: "ClusterRole"}, "clusterroles", clusterrole.Strategy},
		{schema.GroupVersionKind{Group: "rbac.authorization.k8s.io", Version: "v1", Kind: "ClusterRoleBinding"}, "clusterrolebindings", clusterrolebinding.Strategy},
		{schema.GroupVersionKind{Group: "networking.k8s.io", Version: "v1", Kind: "NetworkPolicy"}, "networkpolicies", networkpolicy.Strategy},
		{schema.GroupVersionKind{Group: "networking.k8s.io", Version: "v1", Kind: "Ingress"}, "ingresses", ingress.Strategy},
		{schema.GroupVersionKind{Group: "policy", Version: "v1", Kind: "PodDisruptionBudget"}, "poddisruptionbudgets", poddisruptionbudget.Strategy},
		{schema.GroupVersionKind{Group: "autoscaling", Version: "v2", Kind: "HorizontalPodAutoscaler"}, "horizontalpodautoscalers", horizontalpodautoscaler.Strategy},
		{schema.GroupVersionKind{Group: "autoscaling", Version: "v1", Kind: "HorizontalPodAutoscaler"}, "horizontalpodautoscalers", horizontalpodautoscaler.Strategy},
		// No authorizer: the paramKind/paramRef authorization check is skipped, as for a cluster
		// admin creating the policy (the strategies skip it when the authorizer is nil).
		{schema.GroupVersionKind{Group: "admissionregistration.k8s.io", Version: "v1", Kind: "ValidatingAdmissionPolicy"},
			"validatingadmissionpolicies", validatingadmissionpolicy.NewStrategy(nil, nil)},
		{schema.GroupVersionKind{Group: "admissionregistration.k8s.io", Version: "v1", Kind: "ValidatingAdmissionPolicyBinding"},
			"validatingadmissionpolicybindings", validatingadmissionpolicybinding.NewStrategy(nil, nil, nil)},
	}
	byAPIVersionKind := map[string]builtinKind{}
	for _, k := range kinds {
		apiVersion, kind := k.gvk.ToAPIVersionAndKind()
		byAPIVersionKind[apiVersion+"/"+kind] = k
	}
	return byAPIVersionKind
}()

// The system fields the store sets before BeforeCreate (rest.FillObjectMetaSystemFields), fixed
// here so that the output is deterministic. Anything derived from the UID (a Job's generated
// selector and controller-uid labels) shows this value.
var systemCreationTimestamp = metav1.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)

const (
	systemUID        = types.UID("00000000-0000-4000-8000-000000000000")
	generatedNameTag = "xxxxx" // stands for the 5 random characters names.SimpleNameGenerator adds
)

// strictDecoder is the API server's JSON decoding with fieldValidation=Strict: unknown fields
// (matched case-sensitively) and duplicate fields are errors.
var strictDecoder = kjson.NewSerializerWithOptions(kjson.DefaultMetaFactory, legacyscheme.Scheme, legacyscheme.Scheme,
	kjson.SerializerOptions{Strict: true})

// checkBuiltin follows kube-apiserver's create path (endpoints/handlers/create.go, then
// registry/generic/registry/store.go Create): decode to the internal type with defaulting, fill
// the system fields, then rest.BeforeCreate, which runs PrepareForCreate, the strategy's
// validation, object-meta validation and declarative validation, and collects warnings. It
// returns the internal object as it stands after BeforeCreate (what validating admission sees),
// or nil when the API server rejects the document.
func checkBuiltin(v *verdict, kind builtinKind, jsonDoc []byte) runtime.Object {
	hub := schema.GroupVersion{Group: kind.gvk.Group, Version: runtime.APIVersionInternal}
	decoder := legacyscheme.Codecs.DecoderToVersion(strictDecoder, hub)
	obj, _, err := decoder.Decode(jsonDoc, &kind.gvk, nil)
	if err != nil {
		rejectDecodeError(v, kind.gvk, err)
		return nil
	}

	objectMeta, err := meta.Accessor(obj)
	if err != nil {
		v.Status, v.Message = statusInvalid, err.Error()
		return nil
	}
	objectMeta.SetCreationTimestamp(systemCreationTimestamp)
	objectMeta.SetUID(systemUID)
	if objectMeta.GetName() == "" && objectMeta.GetGenerateName() != "" {
		objectMeta.SetName(objectMeta.GetGenerateName() + generatedNameTag)
	}

	if svc, ok := obj.(*api.Service); ok {
		allocateServiceAddresses(svc)
	}

	namespace := ""
	if kind.strategy.NamespaceScoped() {
		namespace = objectMeta.GetNamespace()
		if namespace == "" {
			namespace = metav1.NamespaceDefault
		}
	}
	warnings := &warningList{}
	ctx := requestContext(kind, namespace, objectMeta.GetName(), warnings)

	if err := rest.BeforeCreate(kind.strategy, ctx, obj); err != nil {
		rejectStatusError(v, err)
		return nil
	}
	v.Status = statusOK
	v.Warnings = warnings.texts

	stored, err := encodeVersioned(obj, kind.gvk.GroupVersion())
	if err != nil {
		v.Status, v.Message = statusInvalid, fmt.Sprintf("encoding the stored object: %v", err)
		return nil
	}
	v.Defaults = diffObjects(jsonDoc, stored)
	return obj
}

// requestContext is the context a create request carries: namespace, request info (declarative
// validation reads the group and version from it) and a recorder for warnings.
func requestContext(kind builtinKind, namespace, name string, warnings *warningList) context.Context {
	ctx := genericapirequest.WithNamespace(context.Background(), namespace)
	prefix := "apis"
	if kind.gvk.Group == "" {
		prefix = "api"
	}
	ctx = genericapirequest.WithRequestInfo(ctx, &genericapirequest.RequestInfo{
		IsResourceRequest: true,
		Verb:              "create",
		APIPrefix:         prefix,
		APIGroup:          kind.gvk.Group,
		APIVersion:        kind.gvk.Version,
		Namespace:         namespace,
		Resource:          kind.resource,
		Name:              name,
	})
	return warning.WithWarningRecorder(ctx, warnings)
}

// rejectDecodeError words a decoding failure as the create handler does (transformDecodeError):
// "Job in version "v1" cannot be handled as a Job: strict decoding error: unknown field ...".
func rejectDecodeError(v *verdict, gvk schema.GroupVersionKind, err error) {
	v.Status = statusInvalid
	v.Message = fmt.Sprintf("%s in version %q cannot be handled as a %s: %v", gvk.Kind, gvk.Version, gvk.Kind, err)
	if strictErr, ok := runtime.AsStrictDecodingError(err); ok {
		for _, e := range strictErr.Errors() {
			v.Errors = append(v.Errors, fieldError{Field: quotedField(e.Error()), Message: e.Error()})
		}
		return
	}
	v.Errors = append(v.Errors, fieldError{Message: err.Error()})
}

// rejectStatusError reports an Invalid (422) error with its causes, as `kubectl create` prints them.
func rejectStatusError(v *verdict, err error) {
	v.Status = statusInvalid
	v.Message = err.Error()
	statusErr, ok := err.(apierrors.APIStatus)
	if !ok || statusErr.Status().Details == nil {
		v.Errors = append(v.Errors, fieldError{Message: err.Error()})
		return
	}
	for _, cause := range statusErr.Status().Details.Causes {
		v.Errors = append(v.Errors, fieldError{Field: cause.Field, Message: cause.Message})
	}
}

// quotedField takes the field path out of a strict-decoding message (`unknown field "spec.x"`).
func quotedField(message string) string {
	start := strings.IndexByte(message, '"')
	end := strings.LastIndexByte(message, '"')
	if start < 0 || end <= start {
		return ""
	}
	return message[start+1 : end]
}

// encodeVersioned converts the stored internal object back to the document's version, as a GET
// after the create would return it.
func encodeVersioned(obj runtime.Object, gv schema.GroupVersion) (map[string]any, error) {
	var buf bytes.Buffer
	if err := legacyscheme.Codecs.LegacyCodec(gv).Encode(obj, &buf); err != nil {
		return nil, err
	}
	var out map[string]any
	if err := json.Unmarshal(buf.Bytes(), &out); err != nil {
		return nil, err
	}
	return out, nil
}

type warningList struct{ texts []string }

func (w *warningList) AddWarning(_, text string) { w.texts = append(w.texts, text) }

// allocateServiceAddresses stands in for the Service REST storage's BeginCreate, which allocates a
// cluster IP and node ports before validation (pkg/registry/core/service/storage): the same
// fixed address and ports every time, IPv4 single-stack, as on a default cluster.
func allocateServiceAddresses(svc *api.Service) {
	if svc.Spec.Type == api.ServiceTypeExternalName {
		return
	}
	if svc.Spec.ClusterIP == "" && len(svc.Spec.ClusterIPs) == 0 {
		svc.Spec.ClusterIP = "10.96.0.10"
	}
	if len(svc.Spec.ClusterIPs) == 0 {
		svc.Spec.ClusterIPs = []string{svc.Spec.ClusterIP}
	}
	if svc.Spec.ClusterIP != api.ClusterIPNone {
		if len(svc.Spec.IPFamilies) == 0 {
			svc.Spec.IPFamilies = []api.IPFamily{api.IPv4Protocol}
		}
	}
	if svc.Spec.IPFamilyPolicy == nil {
		singleStack := api.IPFamilyPolicySingleStack
		svc.Spec.IPFamilyPolicy = &singleStack
	}
	if svc.Spec.Type == api.ServiceTypeNodePort || svc.Spec.Type == api.ServiceTypeLoadBalancer {
		for i := range svc.Spec.Ports {
			if svc.Spec.Ports[i].NodePort == 0 {
				svc.Spec.Ports[i].NodePort = int32(30000 + i)
			}
		}
	}
}
