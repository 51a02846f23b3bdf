package main

// Admission requests (--admission): ValidatingAdmissionPolicy objects validated and type-checked as
// the API server and its policy-status controller do, then evaluated on admission requests with the
// validating admission policy plugin's own compile, match and dispatch code; and Pod Security
// Admission's policy evaluated on the pod template of an object (podsecurity.go).
//
// Stdin carries one JSON request a line; stdout gets one JSON response a line, in order:
//
//	{"type":"policies","objects":[...]}   validate ValidatingAdmissionPolicy and
//	                                       ValidatingAdmissionPolicyBinding objects and load them
//	                                       (replacing any loaded before) for the admit requests
//	{"type":"admit","operation":"CREATE","object":{...},"oldObject":{...},
//	 "namespace":{"name":"team-a","labels":{...}},"userInfo":{"username":"...","groups":[...]}}
//	                                       one API request through the loaded policies
//	{"type":"podSecurity","object":{...},"level":"restricted"}
//	                                       PSA's checks on the object's pod template
//
// Any request may carry an "id", echoed in its response.

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	jsonpatch "gopkg.in/evanphx/json-patch.v4"
	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apiserver/pkg/admission"
	plugincel "k8s.io/apiserver/pkg/admission/plugin/cel"
	"k8s.io/apiserver/pkg/admission/plugin/policy/generic"
	"k8s.io/apiserver/pkg/admission/plugin/policy/matching"
	"k8s.io/apiserver/pkg/admission/plugin/policy/validating"
	"k8s.io/apiserver/pkg/admission/plugin/webhook/matchconditions"
	celconfig "k8s.io/apiserver/pkg/apis/cel"
	"k8s.io/apiserver/pkg/authentication/user"
	"k8s.io/apiserver/pkg/authorization/authorizer"
	"k8s.io/apiserver/pkg/cel/environment"
	"k8s.io/apiserver/pkg/registry/rest"
	"k8s.io/apiserver/pkg/warning"
	corelisters "k8s.io/client-go/listers/core/v1"
	"k8s.io/client-go/tools/cache"
	"k8s.io/kubernetes/pkg/api/legacyscheme"
	psaapi "k8s.io/pod-security-admission/api"
)

type admissionRequest struct {
	Type string `json:"type"`
	ID   string `json:"id,omitempty"`
	// policies
	Objects []json.RawMessage `json:"objects,omitempty"`
	// admit and podSecurity
	Operation string          `json:"operation,omitempty"`
	Object    json.RawMessage `json:"object,omitempty"`
	OldObject json.RawMessage `json:"oldObject,omitempty"`
	Namespace *namespaceInput `json:"namespace,omitempty"`
	UserInfo  *userInfoInput  `json:"userInfo,omitempty"`
	// admit: only these loaded policies (by name) take part, as if the others were not there
	// (a differential test of one rule need not evaluate every rule's policy). Default: all.
	Policies []string `json:"policies,omitempty"`
	// podSecurity: "restricted" (default) or "baseline"
	Level string `json:"level,omitempty"`
}

type namespaceInput struct {
	Name   string            `json:"name"`
	Labels map[string]string `json:"labels,omitempty"`
}

type userInfoInput struct {
	Username string              `json:"username"`
	UID      string              `json:"uid,omitempty"`
	Groups   []string            `json:"groups,omitempty"`
	Extra    map[string][]string `json:"extra,omitempty"`
}

// policyObjectResult is the API server's verdict on creating one policy or binding, plus, for a
// policy, the type-checking warnings its status would get (validating.TypeChecker, as the
// ValidatingAdmissionPolicy status controller runs it).
type policyObjectResult struct {
	verdict
	TypeCheck []admissionregistrationv1.ExpressionWarning `json:"typeCheck"`
}

type policiesResponse struct {
	Type    string               `json:"type"`
	ID      string               `json:"id,omitempty"`
	Objects []policyObjectResult `json:"objects"`
}

// admitResponse is what the API server does with one request: Object is its validation before
// admission (an invalid object never reaches admission); Allowed, Denied and Warnings are the
// dispatcher's outcome over all loaded policies; Policies details every policy and binding.
type admitResponse struct {
	Type     string         `json:"type"`
	ID       string         `json:"id,omitempty"`
	Object   verdict        `json:"object"`
	Allowed  bool           `json:"allowed"`
	Denied   string         `json:"denied,omitempty"`
	Warnings []string       `json:"warnings"`
	Policies []policyResult `json:"policies"`
}

type policyResult struct {
	Policy  string `json:"policy"`
	Binding string `json:"binding"`
	// MatchConstraints: the policy's matchConstraints select the request (resource rules,
	// exclusions, namespace and object selectors), as the dispatcher's matcher decides.
	MatchConstraints bool `json:"matchConstraints"`
	// BindingMatches: the binding's matchResources select it too (true when it has none).
	BindingMatches bool `json:"bindingMatches"`
	// MatchConditions: every matchCondition is true (true when there are none); false when
	// the constraints did not select the request.
	MatchConditions bool `json:"matchConditions"`
	// Matched: all three; only then are validations evaluated.
	Matched     bool               `json:"matched"`
	Error       string             `json:"error,omitempty"`
	Validations []validationResult `json:"validations"`
}

type validationResult struct {
	Index int `json:"index"`
	// Evaluation is "admit", "deny" or "error" (the plugin's PolicyDecisionEvaluation).
	Evaluation string `json:"evaluation"`
	Passed     bool   `json:"passed"`
	// Message is what the API server reports for a failed validation: the messageExpression's
	// value, else message, else "failed expression: ...".
	Message string `json:"message,omitempty"`
	// MessageExpression is the messageExpression's own value (evaluated for every validation
	// that has one, passed or not), MessageExpressionError its error.
	MessageExpression      *string `json:"messageExpression,omitempty"`
	MessageExpressionError string  `json:"messageExpressionError,omitempty"`
	Error                  string  `json:"error,omitempty"`
}

type podSecurityResponse struct {
	Type            string             `json:"type"`
	ID              string             `json:"id,omitempty"`
	Object          verdict            `json:"object"`
	Level           string             `json:"level"`
	Version         string             `json:"version"`
	Allowed         bool               `json:"allowed"`
	ForbiddenReason string             `json:"forbiddenReason,omitempty"`
	ForbiddenDetail string             `json:"forbiddenDetail,omitempty"`
	Checks          []podSecurityCheck `json:"checks"`
}

type errorResponse struct {
	Type  string `json:"type"`
	ID    string `json:"id,omitempty"`
	Error string `json:"error"`
}

// loadedPolicy is one policy compiled as the plugin compiles it, with its bindings.
type loadedPolicy struct {
	policy   *admissionregistrationv1.ValidatingAdmissionPolicy
	bindings []*admissionregistrationv1.ValidatingAdmissionPolicyBinding
	compiled compiledPolicy
}

type admissionSession struct {
	podSecurityVersion psaapi.Version
	policies           []loadedPolicy
	objectInterfaces   admission.ObjectInterfaces
	typeChecker        *validating.TypeChecker
}

func runAdmission(in io.Reader, out io.Writer, podSecurity psaapi.Version) error {
	session := &admissionSession{
		podSecurityVersion: podSecurity,
		objectInterfaces:   admission.NewObjectInterfacesFromScheme(legacyscheme.Scheme),
		typeChecker:        newTypeChecker(),
	}
	scanner := bufio.NewScanner(in)
	scanner.Buffer(make([]byte, 1<<20), 256<<20)
	encoder := json.NewEncoder(out)
	encoder.SetEscapeHTML(false)
	for scanner.Scan() {
		line := strings.TrimSpace(scanner.Text())
		if line == "" {
			continue
		}
		var request admissionRequest
		var response any
		if err := json.Unmarshal([]byte(line), &request); err != nil {
			response = errorResponse{Type: "error", Error: fmt.Sprintf("not a JSON request: %v", err)}
		} else {
			response = session.handle(request)
		}
		if err := encoder.Encode(response); err != nil {
			return err
		}
	}
	return scanner.Err()
}

func (s *admissionSession) handle(request admissionRequest) any {
	switch request.Type {
	case "policies":
		return s.loadPolicies(request)
	case "admit":
		response, err := s.admit(request)
		if err != nil {
			return errorResponse{Type: "error", ID: request.ID, Error: err.Error()}
		}
		return response
	case "podSecurity":
		response, err := s.podSecurity(request)
		if err != nil {
			return errorResponse{Type: "error", ID: request.ID, Error: err.Error()}
		}
		return response
	default:
		return errorResponse{Type: "error", ID: request.ID,
			Error: fmt.Sprintf("unknown request type %q (want policies, admit or podSecurity)", request.Type)}
	}
}

// createObject runs one JSON object through the create path of the API server (builtin.go) and
// returns the verdict and, when the API server accepts it, the internal object after BeforeCreate.
func createObject(raw json.RawMessage) (verdict, builtinKind, runtime.Object) {
	v, kind, found := identify(raw)
	if !found {
		return v, kind, nil
	}
	obj := checkBuiltin(&v, kind, raw)
	finishVerdict(&v)
	return v, kind, obj
}

func identify(raw json.RawMessage) (verdict, builtinKind, bool) {
	var head objectHead
	v := verdict{Status: statusInvalid}
	if err := json.Unmarshal(raw, &head); err != nil {
		v.Message = fmt.Sprintf("not a JSON object: %v", err)
		finishVerdict(&v)
		return v, builtinKind{}, false
	}
	v.APIVersion, v.Kind, v.Name, v.Namespace = head.APIVersion, head.Kind, head.Metadata.Name, head.Metadata.Namespace
	kind, found := builtinKinds[head.APIVersion+"/"+head.Kind]
	if !found {
		v.Status = statusSkipped
		v.Reason = fmt.Sprintf("no validation for %s %s in this harness", head.APIVersion, head.Kind)
	}
	finishVerdict(&v)
	return v, kind, found
}

func finishVerdict(v *verdict) {
	if v.Errors == nil {
		v.Errors = []fieldError{}
	}
	if v.Warnings == nil {
		v.Warnings = []string{}
	}
	v.OK = v.Status == statusOK
}

// loadPolicies validates each object as a create request would, type-checks each accepted policy,
// and compiles the accepted policies with their accepted bindings for the admit requests.
func (s *admissionSession) loadPolicies(request admissionRequest) policiesResponse {
	response := policiesResponse{Type: "policies", ID: request.ID, Objects: []policyObjectResult{}}
	var policies []*admissionregistrationv1.ValidatingAdmissionPolicy
	var bindings []*admissionregistrationv1.ValidatingAdmissionPolicyBinding
	for i, raw := range request.Objects {
		v, _, obj := createObject(raw)
		v.Index = i
		result := policyObjectResult{verdict: v, TypeCheck: []admissionregistrationv1.ExpressionWarning{}}
		if obj != nil {
			versioned, err := legacyscheme.Scheme.ConvertToVersion(obj, admissionregistrationv1.SchemeGroupVersion)
			switch typed := versioned.(type) {
			case *admissionregistrationv1.ValidatingAdmissionPolicy:
				policies = append(policies, typed)
				if warnings := s.typeChecker.Check(typed); warnings != nil {
					result.TypeCheck = warnings
				}
			case *admissionregistrationv1.ValidatingAdmissionPolicyBinding:
				bindings = append(bindings, typed)
			default:
				result.Status, result.OK = statusInvalid, false
				result.Message = fmt.Sprintf("want admissionregistration.k8s.io/v1 ValidatingAdmissionPolicy or ValidatingAdmissionPolicyBinding (conversion: %v)", err)
			}
		}
		response.Objects = append(response.Objects, result)
	}
	s.policies = nil
	for _, policy := range policies {
		loaded := loadedPolicy{policy: policy, compiled: compilePolicy(policy)}
		for _, binding := range bindings {
			if binding.Spec.PolicyName == policy.Name {
				loaded.bindings = append(loaded.bindings, binding)
			}
		}
		s.policies = append(s.policies, loaded)
	}
	return response
}

// admit takes one request through the API server: the object's own validation (create or
// update path), then the validating admission policies, evaluated twice from the same compiled
// policies: once by the plugin's dispatcher (the outcome: allowed, denial message, warnings), and
// once step by step with the dispatcher's own matcher and validator to report every policy,
// binding and validation.
func (s *admissionSession) admit(request admissionRequest) (*admitResponse, error) {
	operation := admission.Operation(request.Operation)
	if operation == "" {
		operation = admission.Create
	}
	if operation != admission.Create && operation != admission.Update {
		return nil, fmt.Errorf("operation %q: the harness handles CREATE and UPDATE", request.Operation)
	}
	response := &admitResponse{Type: "admit", ID: request.ID, Warnings: []string{}, Policies: []policyResult{}}
	var (
		v    verdict
		kind builtinKind
		obj  runtime.Object
		old  runtime.Object
	)
	if operation == admission.Create {
		v, kind, obj = createObject(request.Object)
	} else {
		if len(request.OldObject) == 0 {
			return nil, errors.New("an UPDATE needs oldObject")
		}
		oldVerdict, oldKind, oldObj := createObject(request.OldObject)
		if oldObj == nil {
			return nil, fmt.Errorf("oldObject is not an object the API server would have stored: %s %s", oldVerdict.Status, oldVerdict.Message+oldVerdict.Reason)
		}
		old = oldObj
		var found bool
		v, kind, found = identify(request.Object)
		if found && kind.gvk != oldKind.gvk {
			return nil, fmt.Errorf("object is %s, oldObject %s", kind.gvk, oldKind.gvk)
		}
		if found {
			v, obj = updateObject(kind, request.Object, old)
		}
	}
	response.Object = v
	if obj == nil {
		return response, nil
	}

	objectMeta, err := meta.Accessor(obj)
	if err != nil {
		return nil, err
	}
	namespaceName := ""
	if kind.strategy.NamespaceScoped() {
		namespaceName = objectMeta.GetNamespace()
		if namespaceName == "" {
			namespaceName = metav1.NamespaceDefault
		}
	}
	namespaces, err := namespaceLister(namespaceName, request.Namespace)
	if err != nil {
		return nil, err
	}
	userInfo := &user.DefaultInfo{Name: "kubernetes-admin", Groups: []string{"kubeadm:cluster-admins", user.AllAuthenticated}}
	if request.UserInfo != nil {
		userInfo = &user.DefaultInfo{Name: request.UserInfo.Username, UID: request.UserInfo.UID, Groups: request.UserInfo.Groups, Extra: request.UserInfo.Extra}
	}
	var options runtime.Object = &metav1.CreateOptions{}
	if operation == admission.Update {
		options = &metav1.UpdateOptions{}
	}
	gvr := kind.gvk.GroupVersion().WithResource(kind.resource)
	attributes := admission.NewAttributesRecord(obj, old, kind.gvk, namespaceName, objectMeta.GetName(), gvr, "", operation, options, false, userInfo)

	matcher := generic.NewPolicyMatcher(matching.NewMatcher(namespaces, nil))
	warnings := &warningList{}
	ctx := warning.WithWarningRecorder(context.Background(), warnings)
	policies, err := s.selectPolicies(request.Policies)
	if err != nil {
		return nil, err
	}
	hooks := make([]validating.PolicyHook, 0, len(policies))
	for _, p := range policies {
		hooks = append(hooks, validating.PolicyHook{Policy: p.policy, Bindings: p.bindings, Evaluator: p.compiled.validator})
	}
	dispatchErr := validating.NewDispatcher(denyAllAuthorizer{}, matcher).Dispatch(ctx, attributes, s.objectInterfaces, hooks)
	response.Allowed = dispatchErr == nil
	if dispatchErr != nil {
		var status apierrors.APIStatus
		if !errors.As(dispatchErr, &status) {
			return nil, fmt.Errorf("dispatching: %w", dispatchErr)
		}
		response.Denied = dispatchErr.Error()
	}
	response.Warnings = append(response.Warnings, warnings.texts...)

	for _, p := range policies {
		response.Policies = append(response.Policies, s.evaluate(ctx, p, attributes, matcher)...)
	}
	return response, nil
}

func (s *admissionSession) selectPolicies(names []string) ([]loadedPolicy, error) {
	if len(names) == 0 {
		return s.policies, nil
	}
	byName := map[string]loadedPolicy{}
	for _, p := range s.policies {
		byName[p.policy.Name] = p
	}
	selected := make([]loadedPolicy, 0, len(names))
	for _, name := range names {
		p, found := byName[name]
		if !found {
			return nil, fmt.Errorf("policy %q is not loaded (rejected by the API server, or never sent)", name)
		}
		selected = append(selected, p)
	}
	return selected, nil
}

// updateObject is the update path. The request's object is applied to the stored old object as
// a JSON merge patch (what `kubectl patch --type merge` sends; a client that PUTs the whole
// object it read sends the same result): fields the API server generated on create, such as a
// Job's selector, stay as stored. The result is decoded and defaulted, keeps the stored system
// fields, and goes through rest.BeforeUpdate (PrepareForUpdate, ValidateUpdate). The stored
// resourceVersion is taken as current (no conflict check).
func updateObject(kind builtinKind, raw json.RawMessage, old runtime.Object) (verdict, runtime.Object) {
	v, _, _ := identify(raw)
	stored, err := encodeVersioned(old, kind.gvk.GroupVersion())
	if err != nil {
		v.Status, v.Message = statusInvalid, fmt.Sprintf("encoding the stored object: %v", err)
		finishVerdict(&v)
		return v, nil
	}
	storedJSON, err := json.Marshal(stored)
	if err != nil {
		v.Status, v.Message = statusInvalid, fmt.Sprintf("encoding the stored object: %v", err)
		finishVerdict(&v)
		return v, nil
	}
	merged, err := jsonpatch.MergePatch(storedJSON, raw)
	if err != nil {
		v.Status, v.Message = statusInvalid, fmt.Sprintf("applying the object to the stored one as a merge patch: %v", err)
		finishVerdict(&v)
		return v, nil
	}
	hub := schema.GroupVersion{Group: kind.gvk.Group, Version: runtime.APIVersionInternal}
	obj, _, err := legacyscheme.Codecs.DecoderToVersion(strictDecoder, hub).Decode(merged, &kind.gvk, nil)
	if err != nil {
		rejectDecodeError(&v, kind.gvk, err)
		finishVerdict(&v)
		return v, nil
	}
	oldMeta, _ := meta.Accessor(old)
	if oldMeta.GetResourceVersion() == "" {
		oldMeta.SetResourceVersion("1")
	}
	newMeta, err := meta.Accessor(obj)
	if err != nil {
		v.Status, v.Message = statusInvalid, err.Error()
		finishVerdict(&v)
		return v, nil
	}
	newMeta.SetUID(oldMeta.GetUID())
	newMeta.SetCreationTimestamp(oldMeta.GetCreationTimestamp())
	newMeta.SetResourceVersion(oldMeta.GetResourceVersion())
	if newMeta.GetName() == "" {
		newMeta.SetName(oldMeta.GetName())
	}
	updateStrategy, ok := kind.strategy.(rest.RESTUpdateStrategy)
	if !ok {
		v.Status, v.Message = statusSkipped, fmt.Sprintf("no update strategy for %s in this harness", kind.gvk.Kind)
		finishVerdict(&v)
		return v, nil
	}
	warnings := &warningList{}
	namespace := ""
	if kind.strategy.NamespaceScoped() {
		namespace = oldMeta.GetNamespace()
	}
	ctx := requestContext(kind, namespace, newMeta.GetName(), warnings)
	if err := rest.BeforeUpdate(updateStrategy, ctx, obj, old); err != nil {
		rejectStatusError(&v, err)
		finishVerdict(&v)
		return v, nil
	}
	v.Status = statusOK
	v.Warnings = warnings.texts
	finishVerdict(&v)
	return v, obj
}

// evaluate reports one policy on one request, binding by binding, with the matcher and the
// compiled validator the dispatcher used: the same steps as the dispatcher's loop (definition
// match, binding match, versioned attributes, namespace object, Validate) without the params
// (the harness loads no paramKind).
func (s *admissionSession) evaluate(ctx context.Context, p loadedPolicy, attributes admission.Attributes, matcher generic.PolicyMatcher) []policyResult {
	bindings := p.bindings
	if len(bindings) == 0 {
		// An unbound policy never runs; reported so that a missing binding shows.
		bindings = []*admissionregistrationv1.ValidatingAdmissionPolicyBinding{nil}
	}
	var results []policyResult
	for _, binding := range bindings {
		result := policyResult{Policy: p.policy.Name, Validations: []validationResult{}}
		if binding != nil {
			result.Binding = binding.Name
		}
		results = append(results, s.evaluateBinding(ctx, p, binding, attributes, matcher, result))
	}
	return results
}

func (s *admissionSession) evaluateBinding(ctx context.Context, p loadedPolicy, binding *admissionregistrationv1.ValidatingAdmissionPolicyBinding,
	attributes admission.Attributes, matcher generic.PolicyMatcher, result policyResult) policyResult {
	matches, matchResource, matchKind, err := matcher.DefinitionMatches(attributes, s.objectInterfaces, validating.NewValidatingAdmissionPolicyAccessor(p.policy))
	if err != nil {
		result.Error = fmt.Sprintf("matchConstraints: %v", err)
		return result
	}
	result.MatchConstraints = matches
	if !matches {
		return result
	}
	if binding == nil {
		result.Error = "no ValidatingAdmissionPolicyBinding names this policy"
		return result
	}
	result.BindingMatches, err = matcher.BindingMatches(attributes, s.objectInterfaces, validating.NewValidatingAdmissionPolicyBindingAccessor(binding))
	if err != nil {
		result.Error = fmt.Sprintf("binding matchResources: %v", err)
		return result
	}
	if !result.BindingMatches {
		return result
	}
	if err := p.compiled.validator.CompileError(); err != nil {
		result.Error = fmt.Sprintf("compiling: %v", err)
		return result
	}
	versioned, err := admission.NewVersionedAttributes(attributes, matchKind, s.objectInterfaces)
	if err != nil {
		result.Error = fmt.Sprintf("converting the object to %s: %v", matchKind, err)
		return result
	}
	var namespace *corev1.Namespace
	if attributes.GetNamespace() != "" {
		namespace, err = matcher.GetNamespace(ctx, attributes.GetNamespace())
		if err != nil {
			result.Error = fmt.Sprintf("namespace: %v", err)
			return result
		}
	}
	result.MatchConditions = true
	if p.compiled.matchConditions != nil {
		match := p.compiled.matchConditions.Match(ctx, versioned, nil, denyAllAuthorizer{})
		if match.Error != nil {
			result.Error = fmt.Sprintf("matchConditions: %v", match.Error)
			return result
		}
		result.MatchConditions = match.Matches
	}
	if !result.MatchConditions {
		return result
	}
	result.Matched = true

	decisions := p.compiled.validator.Validate(ctx, matchResource, versioned, nil, namespace, celconfig.RuntimeCELCostBudget, denyAllAuthorizer{}).Decisions
	if len(decisions) != len(p.policy.Spec.Validations) {
		// A compile error or a failed input conversion: one decision for the whole policy.
		for _, d := range decisions {
			result.Error = strings.TrimSpace(result.Error + " " + d.Message)
		}
		return result
	}
	messages := s.messageExpressions(ctx, p, versioned, matchResource, namespace)
	for i, d := range decisions {
		vr := validationResult{Index: i, Evaluation: string(d.Evaluation), Passed: d.Evaluation == validating.EvalAdmit}
		if d.Evaluation == validating.EvalError {
			vr.Error = d.Message
		} else if d.Evaluation == validating.EvalDeny {
			vr.Message = d.Message
		}
		if i < len(messages) && messages[i].ExpressionAccessor != nil {
			if messages[i].Error != nil {
				vr.MessageExpressionError = messages[i].Error.Error()
			} else if text, ok := messages[i].EvalResult.Value().(string); ok {
				vr.MessageExpression = &text
			} else {
				vr.MessageExpressionError = fmt.Sprintf("messageExpression evaluated to %v, not a string", messages[i].EvalResult)
			}
		}
		result.Validations = append(result.Validations, vr)
	}
	return result
}

// messageExpressions evaluates every messageExpression of the policy on the request, whether or
// not its validation failed (the validator evaluates them the same way and uses the failed ones).
func (s *admissionSession) messageExpressions(ctx context.Context, p loadedPolicy, versioned *admission.VersionedAttributes,
	matchResource schema.GroupVersionResource, namespace *corev1.Namespace) []plugincel.EvaluationResult {
	request := plugincel.CreateAdmissionRequest(versioned.Attributes, metav1.GroupVersionResource(matchResource), metav1.GroupVersionKind(versioned.VersionedKind))
	results, _, err := p.compiled.messages.ForInput(ctx, versioned, request, plugincel.OptionalVariableBindings{}, plugincel.CreateNamespaceObject(namespace), celconfig.RuntimeCELCostBudget)
	if err != nil {
		return nil
	}
	return results
}

// compiledPolicy holds what compilePolicy builds: the validator the dispatcher runs, and the
// match-condition matcher and message filter it contains, kept for the step-by-step report.
type compiledPolicy struct {
	validator       validating.Validator
	matchConditions matchconditions.Matcher
	messages        plugincel.ConditionEvaluator
}

// compilePolicy is plugin/policy/validating/plugin.go's compilePolicy (unexported there), line
// for line: the composition environment of the API server's CEL version with strict cost, the
// variables, match conditions, validations, audit annotations and message expressions compiled
// as StoredExpressions.
func compilePolicy(policy *admissionregistrationv1.ValidatingAdmissionPolicy) compiledPolicy {
	hasParam := policy.Spec.ParamKind != nil
	optionalVars := plugincel.OptionalVariableDeclarations{HasParams: hasParam, HasAuthorizer: true}
	expressionOptionalVars := plugincel.OptionalVariableDeclarations{HasParams: hasParam, HasAuthorizer: false}
	failurePolicy := policy.Spec.FailurePolicy
	filterCompiler, err := plugincel.NewCompositedCompiler(environment.MustBaseEnvSet(environment.DefaultCompatibilityVersion()))
	if err != nil {
		return compiledPolicy{validator: validating.NewValidator(nil, nil, nil, nil, failurePolicy, err)}
	}
	variables := make([]plugincel.NamedExpressionAccessor, len(policy.Spec.Variables))
	for i, variable := range policy.Spec.Variables {
		variables[i] = &validating.Variable{Name: variable.Name, Expression: variable.Expression}
	}
	filterCompiler.CompileAndStoreVariables(variables, optionalVars, environment.StoredExpressions)

	var matcher matchconditions.Matcher
	if len(policy.Spec.MatchConditions) > 0 {
		accessors := make([]plugincel.ExpressionAccessor, len(policy.Spec.MatchConditions))
		for i := range policy.Spec.MatchConditions {
			accessors[i] = (*matchconditions.MatchCondition)(&policy.Spec.MatchConditions[i])
		}
		matcher = matchconditions.NewMatcher(filterCompiler.CompileCondition(accessors, optionalVars, environment.StoredExpressions), failurePolicy, "policy", "validate", policy.Name)
	}
	validations := make([]plugincel.ExpressionAccessor, len(policy.Spec.Validations))
	messageExpressions := make([]plugincel.ExpressionAccessor, len(policy.Spec.Validations))
	for i, v := range policy.Spec.Validations {
		validations[i] = &validating.ValidationCondition{Expression: v.Expression, Message: v.Message, Reason: v.Reason}
		if v.MessageExpression != "" {
			messageExpressions[i] = &validating.MessageExpressionCondition{MessageExpression: v.MessageExpression}
		}
	}
	auditAnnotations := make([]plugincel.ExpressionAccessor, len(policy.Spec.AuditAnnotations))
	for i, a := range policy.Spec.AuditAnnotations {
		auditAnnotations[i] = &validating.AuditAnnotationCondition{Key: a.Key, ValueExpression: a.ValueExpression}
	}
	messages := filterCompiler.CompileCondition(messageExpressions, expressionOptionalVars, environment.StoredExpressions)
	validator := validating.NewValidator(
		filterCompiler.CompileCondition(validations, optionalVars, environment.StoredExpressions),
		matcher,
		filterCompiler.CompileCondition(auditAnnotations, optionalVars, environment.StoredExpressions),
		messages,
		failurePolicy,
		nil,
	)
	return compiledPolicy{validator: validator, matchConditions: matcher, messages: messages}
}

// namespaceLister serves the request's namespace to the matcher (namespaceSelector) and to CEL
// (the namespaceObject variable). The API server labels every namespace with
// kubernetes.io/metadata.name (its NamespaceDefaultLabelName), so the harness does too.
func namespaceLister(name string, input *namespaceInput) (corelisters.NamespaceLister, error) {
	indexer := cache.NewIndexer(cache.MetaNamespaceKeyFunc, cache.Indexers{})
	if name != "" {
		if input != nil && input.Name != "" && input.Name != name {
			return nil, fmt.Errorf("namespace %q given for an object in namespace %q", input.Name, name)
		}
		labels := map[string]string{}
		if input != nil {
			for k, v := range input.Labels {
				labels[k] = v
			}
		}
		labels[corev1.LabelMetadataName] = name
		namespace := &corev1.Namespace{
			TypeMeta:   metav1.TypeMeta{APIVersion: "v1", Kind: "Namespace"},
			ObjectMeta: metav1.ObjectMeta{Name: name, Labels: labels, UID: systemUID, CreationTimestamp: systemCreationTimestamp},
			Status:     corev1.NamespaceStatus{Phase: corev1.NamespaceActive},
		}
		if err := indexer.Add(namespace); err != nil {
			return nil, err
		}
	}
	return corelisters.NewNamespaceLister(indexer), nil
}

// denyAllAuthorizer answers the CEL authorizer library: the harness has no RBAC, so every check
// is "no opinion" (which CEL's authorizer.allowed() reads as not allowed).
type denyAllAuthorizer struct{}

func (denyAllAuthorizer) Authorize(context.Context, authorizer.Attributes) (authorizer.Decision, string, error) {
	return authorizer.DecisionNoOpinion, "the harness has no authorizer", nil
}
