import type { AuditInput } from './engine';
import { Obj, apiGroup, namespaceOf, path, str } from './manifest';

/**
 * The objects of one audit run as the API server would key them (API group, kind, namespace,
 * name), to find documents that define the same object twice: two variants of an app in one
 * folder (a kustomize base beside its overlay, staging beside production), or a copy pasted
 * into a second file. Such copies are never merged; each is audited on its own and carries a
 * `duplicate-object` warning that names the others.
 */
export class ObjectSet {
  /** Every input that shares its key with another, by object. Empty for a set without copies (the usual case). */
  private readonly copies = new Map<Obj, readonly AuditInput[]>();

  constructor(inputs: readonly (AuditInput & { readonly object: Obj })[]) {
    const first = new Map<string, AuditInput & { readonly object: Obj }>();
    const groups = new Map<string, AuditInput[]>();
    for (const input of inputs) {
      const key = identityKey(input.object);
      if (key === undefined) continue;
      const earlier = first.get(key);
      if (earlier === undefined) {
        first.set(key, input);
        continue;
      }
      let group = groups.get(key);
      if (!group) {
        group = [earlier];
        groups.set(key, group);
      }
      group.push(input);
    }
    for (const group of groups.values()) {
      for (const input of group) this.copies.set(input.object as Obj, group);
    }
  }

  /**
   * Every document that defines the same object, this one included, in set order (empty for
   * most objects, which have no copies). One shared list per group, so asking costs nothing
   * however many copies there are.
   */
  definitionsOf(doc: Obj): readonly AuditInput[] {
    return this.copies.get(doc) ?? NONE;
  }
}

const NONE: readonly AuditInput[] = Object.freeze([]);

/**
 * `group/kind/namespace/name`, or undefined for an object without `metadata.name` (one named
 * from `generateName` is a new object each time it is created, so it has no copies).
 */
function identityKey(doc: Obj): string | undefined {
  const name = str(path(doc, 'metadata', 'name'));
  if (!name) return undefined;
  return `${apiGroup(doc)}\u0000${String(doc.kind)}\u0000${namespaceOf(doc) ?? ''}\u0000${name}`;
}
