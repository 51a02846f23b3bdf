import { createHash } from 'crypto';
import { keysInCodePointOrder } from './code-point-order';

/**
 * Deterministic content hashes for object names.
 *
 * A Job's pod template (and, for an Indexed Job, its completions and failure policy) is
 * immutable once created (kubernetes/kubernetes pkg/apis/batch/validation ValidateJobSpecUpdate),
 * so a construct whose Job content changes must give the Job a new name. Hashing the content
 * gives a name that changes exactly when the content changes and is identical for identical
 * input, on every machine, in every run.
 */

/** Hex characters of the hash kept in a name: 40 bits, collisions are negligible per workload. */
export const NAME_HASH_LENGTH = 10;

/**
 * JSON with object keys sorted at every level, arrays kept in order and `undefined` fields
 * dropped (as JSON.stringify does), so equal content always serializes to the same text.
 * @internal
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortDeep(value));
}

/**
 * The first `length` hex characters of the SHA-256 of the canonical JSON of `value`.
 * @internal
 */
export function contentHash(value: unknown, length: number = NAME_HASH_LENGTH): string {
  return createHash('sha256').update(canonicalJson(value), 'utf8').digest('hex').slice(0, length);
}

function sortDeep(value: unknown): unknown {
  if (Array.isArray(value)) {
    return value.map(sortDeep);
  }
  if (value !== null && typeof value === 'object') {
    const source = value as Record<string, unknown>;
    const sorted: Record<string, unknown> = {};
    for (const key of keysInCodePointOrder(source)) {
      if (source[key] !== undefined) {
        sorted[key] = sortDeep(source[key]);
      }
    }
    return sorted;
  }
  return value;
}
