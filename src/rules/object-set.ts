import type { AuditEntry, AuditInput } from './engine';
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

  constructor(inputs: readonly AuditEntry[]) {
    // Copies share their name: group by name first (a name is a string the object already
    // holds, so this builds no key per object), then by the whole key only among the inputs
    // that share a name, which in most sets are none.
    const byName = new Map<string, AuditEntry | AuditEntry[]>();
    for (const input of inputs) {
      const name = str(path(input.object, 'metadata', 'name'));
      if (!name) continue;
      const earlier = byName.get(name);
      if (earlier === undefined) byName.set(name, input);
      else if (Array.isArray(earlier)) earlier.push(input);
      else byName.set(name, [earlier, input]);
    }
    for (const sameName of byName.values()) {
      if (Array.isArray(sameName)) this.addCopies(sameName);
    }
  }

  /** Records the copies among inputs that share a name, each group in set order. */
  private addCopies(sameName: readonly AuditEntry[]): void {
    const first = new Map<string, AuditEntry>();
    const groups = new Map<string, AuditInput[]>();
    for (const input of sameName) {
      const key = identityKey(input.object)!;
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
