package main

import (
	"bufio"
	"bytes"
	"fmt"
	"os"

	"k8s.io/apiextensions-apiserver/pkg/apihelpers"
	apiextensionsinternal "k8s.io/apiextensions-apiserver/pkg/apis/apiextensions"
	apiextensionsv1 "k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1"
	structuralschema "k8s.io/apiextensions-apiserver/pkg/apiserver/schema"
	structuraldefaulting "k8s.io/apiextensions-apiserver/pkg/apiserver/schema/defaulting"
	schemaobjectmeta "k8s.io/apiextensions-apiserver/pkg/apiserver/schema/objectmeta"
	structuralpruning "k8s.io/apiextensions-apiserver/pkg/apiserver/schema/pruning"
	apiservervalidation "k8s.io/apiextensions-apiserver/pkg/apiserver/validation"
	"k8s.io/apiextensions-apiserver/pkg/registry/customresource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured/unstructuredscheme"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	utilyaml "k8s.io/apimachinery/pkg/util/yaml"
	"k8s.io/apiserver/pkg/registry/rest"
	kjson "sigs.k8s.io/json"
	"sigs.k8s.io/yaml"
)

// customKind is one served version of a CustomResourceDefinition, prepared the way the
// apiextensions-apiserver prepares it to serve (customresource_handler.go getOrCreateServingInfoFor).
type customKind struct {
	builtin    builtinKind // GVK, plural resource and the custom-resource strategy
	structural *structuralschema.Structural
	preserve   bool // spec.preserveUnknownFields: no pruning
	source     string
}

type crdRegistry struct {
	kinds map[string]customKind // by "apiVersion/kind"
}

func (r *crdRegistry) find(apiVersion, kind string) (customKind, bool) {
	k, ok := r.kinds[apiVersion+"/"+kind]
	return k, ok
}

// loadCRDs reads CustomResourceDefinition (apiextensions.k8s.io/v1) YAML files and prepares every
// served version of each.
func loadCRDs(files []string) (*crdRegistry, error) {
	registry := &crdRegistry{kinds: map[string]customKind{}}
	for _, file := range files {
		data, err := os.ReadFile(file)
		if err != nil {
			return nil, err
		}
		reader := utilyaml.NewYAMLReader(bufio.NewReader(bytes.NewReader(data)))
		for {
			doc, err := reader.Read()
			if err != nil {
				break
			}
			if isBlankDocument(doc) {
				continue
			}
			crd := &apiextensionsv1.CustomResourceDefinition{}
			if err := yaml.UnmarshalStrict(doc, crd); err != nil {
				return nil, fmt.Errorf("%s: not a CustomResourceDefinition: %w", file, err)
			}
			if err := registry.add(crd, file); err != nil {
				return nil, fmt.Errorf("%s: %w", file, err)
			}
		}
	}
	return registry, nil
}

func (r *crdRegistry) add(crd *apiextensionsv1.CustomResourceDefinition, source string) error {
	if crd.Kind != "CustomResourceDefinition" {
		return fmt.Errorf("expected a CustomResourceDefinition, got %q", crd.Kind)
	}
	apiextensionsv1.SetObjectDefaults_CustomResourceDefinition(crd)
	for _, version := range crd.Spec.Versions {
		if !version.Served {
			continue
		}
		gvk := schema.GroupVersionKind{Group: crd.Spec.Group, Version: version.Name, Kind: crd.Spec.Names.Kind}
		kind, err := prepareVersion(crd, version, gvk)
		if err != nil {
			return fmt.Errorf("%s: %w", gvk, err)
		}
		kind.source = source
		apiVersion, kindName := gvk.ToAPIVersionAndKind()
		r.kinds[apiVersion+"/"+kindName] = kind
	}
	return nil
}

func prepareVersion(crd *apiextensionsv1.CustomResourceDefinition, version apiextensionsv1.CustomResourceDefinitionVersion, gvk schema.GroupVersionKind) (customKind, error) {
	validation, err := apihelpers.GetSchemaForVersion(crd, version.Name)
	if err != nil {
		return customKind{}, err
	}
	internal := &apiextensionsinternal.CustomResourceValidation{}
	if validation != nil {
		if err := apiextensionsv1.Convert_v1_CustomResourceValidation_To_apiextensions_CustomResourceValidation(validation, internal, nil); err != nil {
			return customKind{}, err
		}
	}
	structural, err := structuralschema.NewStructural(internal.OpenAPIV3Schema)
	if err != nil {
		return customKind{}, fmt.Errorf("schema is not structural: %w", err)
	}
	structural = structural.DeepCopy()
	if err := structuraldefaulting.PruneDefaults(structural); err != nil {
		return customKind{}, err
	}
	validator, _, err := apiservervalidation.NewSchemaValidator(internal.OpenAPIV3Schema)
	if err != nil {
		return customKind{}, err
	}

	var status *apiextensionsinternal.CustomResourceSubresourceStatus
	var statusValidator apiservervalidation.SchemaValidator
	var scale *apiextensionsinternal.CustomResourceSubresourceScale
	subresources, err := apihelpers.GetSubresourcesForVersion(crd, version.Name)
	if err != nil {
		return customKind{}, err
	}
	if subresources != nil && subresources.Status != nil {
		status = &apiextensionsinternal.CustomResourceSubresourceStatus{}
		if statusSchema, ok := internal.OpenAPIV3Schema.Properties["status"]; ok {
			if statusValidator, _, err = apiservervalidation.NewSchemaValidator(&statusSchema); err != nil {
				return customKind{}, err
			}
		}
	}
	if subresources != nil && subresources.Scale != nil {
		scale = &apiextensionsinternal.CustomResourceSubresourceScale{}
		if err := apiextensionsv1.Convert_v1_CustomResourceSubresourceScale_To_apiextensions_CustomResourceSubresourceScale(subresources.Scale, scale, nil); err != nil {
			return customKind{}, err
		}
	}
	strategy := customresource.NewStrategy(unstructuredscheme.NewUnstructuredObjectTyper(),
		crd.Spec.Scope == apiextensionsv1.NamespaceScoped, gvk, validator, statusValidator, structural, status, scale,
		version.SelectableFields)
	return customKind{
		builtin:    builtinKind{gvk: gvk, resource: crd.Spec.Names.Plural, strategy: strategy},
		structural: structural,
		preserve:   crd.Spec.PreserveUnknownFields,
	}, nil
}

// checkCustomResource follows the custom-resource create path: strict JSON decoding, pruning with
// unknown fields reported (fieldValidation=Strict), metadata coercion, schema defaulting, then
// rest.BeforeCreate with the custom-resource strategy (OpenAPI schema validation, list-type
// invariants, x-kubernetes-validations CEL rules, object-meta validation).
func checkCustomResource(v *verdict, kind customKind, jsonDoc []byte) {
	gvk := kind.builtin.gvk
	object := map[string]any{}
	strictErrs, err := kjson.UnmarshalStrict(jsonDoc, &object)
	if err != nil {
		rejectDecodeError(v, gvk, err)
		return
	}
	unknown, err := pruneAndCoerce(object, kind)
	if err != nil {
		rejectDecodeError(v, gvk, err)
		return
	}
	for _, path := range unknown {
		strictErrs = append(strictErrs, fmt.Errorf(`unknown field "%s"`, path))
	}
	if len(strictErrs) > 0 {
		rejectDecodeError(v, gvk, runtime.NewStrictDecodingError(strictErrs))
		return
	}
	structuraldefaulting.Default(object, kind.structural)

	obj := &unstructured.Unstructured{Object: object}
	obj.SetCreationTimestamp(systemCreationTimestamp)
	obj.SetUID(systemUID)
	if obj.GetName() == "" && obj.GetGenerateName() != "" {
		obj.SetName(obj.GetGenerateName() + generatedNameTag)
	}
	namespace := ""
	if kind.builtin.strategy.NamespaceScoped() {
		namespace = obj.GetNamespace()
		if namespace == "" {
			namespace = metav1.NamespaceDefault
		}
	}
	warnings := &warningList{}
	ctx := requestContext(kind.builtin, namespace, obj.GetName(), warnings)
	if err := rest.BeforeCreate(kind.builtin.strategy, ctx, obj); err != nil {
		rejectStatusError(v, err)
		return
	}
	v.Status = statusOK
	v.Warnings = warnings.texts
	v.Defaults = diffObjects(jsonDoc, obj.Object)
}

// pruneAndCoerce is the apiextensions-apiserver's unstructuredSchemaCoercer.apply with
// returnUnknownFieldPaths: it drops what the schema does not declare and reports those paths.
func pruneAndCoerce(object map[string]any, kind customKind) ([]string, error) {
	var unknown []string
	objectMeta, foundMeta, metaUnknown, err := schemaobjectmeta.GetObjectMetaWithOptions(object,
		schemaobjectmeta.ObjectMetaOptions{ReturnUnknownFieldPaths: true})
	if err != nil {
		return nil, err
	}
	unknown = append(unknown, metaUnknown...)
	apiVersion, kindName := object["apiVersion"], object["kind"]
	if !kind.preserve {
		unknown = append(unknown, structuralpruning.PruneWithOptions(object, kind.structural, true,
			structuralschema.UnknownFieldPathOptions{TrackUnknownFieldPaths: true})...)
		structuraldefaulting.PruneNonNullableNullsWithoutDefaults(object, kind.structural)
	}
	fieldErr, paths := schemaobjectmeta.CoerceWithOptions(nil, object, kind.structural, false,
		schemaobjectmeta.CoerceOptions{ReturnUnknownFieldPaths: true})
	if fieldErr != nil {
		return nil, fieldErr
	}
	unknown = append(unknown, paths...)
	object["apiVersion"], object["kind"] = apiVersion, kindName
	if foundMeta {
		if err := schemaobjectmeta.SetObjectMeta(object, objectMeta); err != nil {
			return nil, err
		}
	}
	return unknown, nil
}
