package main

import (
	"encoding/json"
	"reflect"
	"regexp"
	"sort"
	"strconv"
)

// objectDiff is what the API server changed between the document sent and the object stored:
// fields defaulting and PrepareForCreate added, values they rewrote, fields they dropped (a field
// behind a feature gate that is off at the target version is dropped silently).
type objectDiff struct {
	Added   []fieldChange `json:"added"`
	Changed []fieldChange `json:"changed"`
	Removed []fieldChange `json:"removed"`
}

type fieldChange struct {
	Path   string `json:"path"`
	Value  any    `json:"value,omitempty"`
	Before any    `json:"before,omitempty"`
}

// ignoredPaths are the system fields the harness itself fills (see builtin.go) and the status,
// which the API server always resets on create.
var ignoredPaths = map[string]bool{
	"metadata.uid":               true,
	"metadata.creationTimestamp": true,
	"metadata.generation":        true,
	"status":                     true,
}

// diffObjects compares the sent JSON with the stored object leaf by leaf. Empty objects and nulls
// carry no information and are not reported (`creationTimestamp: null`, `resources: {}`).
func diffObjects(sentJSON []byte, stored map[string]any) *objectDiff {
	var sent map[string]any
	_ = json.Unmarshal(sentJSON, &sent)
	// Read both sides with the same JSON decoder, so that numbers compare equal (float64 here,
	// where an unstructured custom resource holds int64).
	if storedJSON, err := json.Marshal(stored); err == nil {
		stored = nil
		_ = json.Unmarshal(storedJSON, &stored)
	}
	d := &objectDiff{Added: []fieldChange{}, Changed: []fieldChange{}, Removed: []fieldChange{}}
	d.walk("", sent, stored)
	return d
}

func (d *objectDiff) walk(path string, before, after any) {
	if ignoredPaths[path] {
		return
	}
	beforeMap, beforeIsMap := before.(map[string]any)
	afterMap, afterIsMap := after.(map[string]any)
	if beforeIsMap && afterIsMap {
		for _, key := range unionKeys(beforeMap, afterMap) {
			d.walk(childPath(path, key), beforeMap[key], afterMap[key])
		}
		return
	}
	beforeList, beforeIsList := before.([]any)
	afterList, afterIsList := after.([]any)
	if beforeIsList && afterIsList && len(beforeList) == len(afterList) {
		for i := range afterList {
			d.walk(path+"["+strconv.Itoa(i)+"]", beforeList[i], afterList[i])
		}
		return
	}
	switch {
	case isEmpty(before) && isEmpty(after):
	case isEmpty(before):
		d.leaves(path, after, &d.Added)
	case isEmpty(after):
		d.leaves(path, before, &d.Removed)
	case !reflect.DeepEqual(before, after):
		d.Changed = append(d.Changed, fieldChange{Path: path, Before: before, Value: after})
	}
}

// leaves lists every non-empty leaf under value, so that an added object reads field by field.
func (d *objectDiff) leaves(path string, value any, into *[]fieldChange) {
	switch v := value.(type) {
	case map[string]any:
		for _, key := range unionKeys(v, nil) {
			d.leaves(childPath(path, key), v[key], into)
		}
	case []any:
		for i, item := range v {
			d.leaves(path+"["+strconv.Itoa(i)+"]", item, into)
		}
	default:
		if !isEmpty(value) && !ignoredPaths[path] {
			*into = append(*into, fieldChange{Path: path, Value: value})
		}
	}
}

func isEmpty(value any) bool {
	switch v := value.(type) {
	case nil:
		return true
	case map[string]any:
		for _, item := range v {
			if !isEmpty(item) {
				return false
			}
		}
		return true
	case []any:
		return len(v) == 0
	}
	return false
}

// unionKeys returns the keys of both maps sorted by code point (deterministic output).
func unionKeys(a, b map[string]any) []string {
	seen := map[string]bool{}
	for k := range a {
		seen[k] = true
	}
	for k := range b {
		seen[k] = true
	}
	keys := make([]string, 0, len(seen))
	for k := range seen {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

var plainKey = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

// childPath writes paths the way Kubernetes field errors do: `spec.template`, and map keys that
// are not identifiers in brackets: `metadata.labels[batch.kubernetes.io/job-name]`.
func childPath(parent, key string) string {
	if !plainKey.MatchString(key) {
		return parent + "[" + key + "]"
	}
	if parent == "" {
		return key
	}
	return parent + "." + key
}
