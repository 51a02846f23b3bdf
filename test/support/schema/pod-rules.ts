/**
 * Pod template rules the API server enforces but the OpenAPI schema leaves optional.
 *
 * The schema marks `Container.image` optional because higher-level config management may fill it
 * in, but ValidatePodSpec (kubernetes/pkg/apis/core/validation) rejects a pod or pod template whose
 * containers or init containers have no image: "spec.template.spec.containers[0].image: Required value".
 */
import { PathSegment, Problem } from './problem';

const CONTAINER_LISTS = new Set(['containers', 'initContainers']);

/** A problem for every container (in any pod template of the manifest) without a non-empty image. */
export function containerImageProblems(manifest: unknown): Problem[] {
  const problems: Problem[] = [];
  const visit = (node: unknown, path: PathSegment[]): void => {
    if (node === null || typeof node !== 'object') {
      return;
    }
    if (Array.isArray(node)) {
      node.forEach((item, index) => visit(item, [...path, index]));
      return;
    }
    for (const [key, value] of Object.entries(node as Record<string, unknown>)) {
      if (CONTAINER_LISTS.has(key) && Array.isArray(value)) {
        value.forEach((container: unknown, index) => {
          const image = (container as { image?: unknown } | null)?.image;
          const imagePath = [...path, key, index, 'image'];
          if (typeof image !== 'string' || image.length === 0) {
            problems.push({ path: imagePath, message: 'required: every container needs an image (ValidatePodSpec)' });
          } else if (image.trim() !== image) {
            problems.push({ path: imagePath, message: 'must not have leading or trailing whitespace (ValidatePodSpec)' });
          }
        });
      }
      visit(value, [...path, key]);
    }
  };
  visit(manifest, []);
  return problems;
}
