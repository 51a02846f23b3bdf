import { isDeepStrictEqual } from 'util';
import { ApiObject } from 'cdk8s';
import { IConstruct } from 'constructs';
import * as kubeObjects from '../../src/core/kube-object';

/**
 * Runs `build` and checks every object it creates through `kubeObject`: the plain manifest the
 * library builds (`plainManifest`) must equal what the typed cdk8s-plus conversion
 * (`type.manifest`) makes of the same props, the conversion cdk8s users get from the typed
 * classes. Returns the differences, one line per object ([] when all agree), how many objects
 * were created, and how many of them took the plain path.
 */
export function typedManifestDifferences(build: () => void): { differences: string[]; objects: number; plain: number } {
  const original = kubeObjects.kubeObject;
  const differences: string[] = [];
  let objects = 0;
  let plain = 0;
  const spy = jest.spyOn(kubeObjects, 'kubeObject').mockImplementation((scope, id, type, props) => {
    objects++;
    const fast = kubeObjects.plainManifest(type, props);
    if (fast !== undefined) {
      plain++;
      let typed: unknown;
      try {
        typed = type.manifest(props);
      } catch (e) {
        typed = `the typed conversion throws: ${String(e)}`;
      }
      if (!isDeepStrictEqual(fast, typed)) {
        differences.push(`${scope.node.path}/${id}: plain ${JSON.stringify(fast)}\n  typed ${JSON.stringify(typed)}`);
      }
    }
    return original(scope, id, type, props);
  });
  try {
    build();
  } finally {
    spy.mockRestore();
  }
  return { differences, objects, plain };
}

/**
 * Every ApiObject under `root` rendered twice: by its own `toJson()` (for the constructs' objects,
 * the plain rendering and the remembered JSON) and by cdk8s' `ApiObject.toJson()`. Returns the
 * objects whose two renderings differ ([] when all agree) in content or key order; an error
 * counts as a rendering.
 */
export function renderingDifferences(root: IConstruct): string[] {
  const render = (fn: () => unknown) => {
    try {
      return fn();
    } catch (e) {
      return `throws: ${String(e)}`;
    }
  };
  return root.node.findAll()
    .filter((c): c is ApiObject => ApiObject.isApiObject(c))
    .flatMap((object) => {
      const own = render(() => object.toJson());
      const cdk8s = render(() => ApiObject.prototype.toJson.call(object));
      // Deep equality, and the same key order (the YAML follows it).
      const same = isDeepStrictEqual(own, cdk8s) && JSON.stringify(own) === JSON.stringify(cdk8s);
      return same ? [] : [`${object.node.path}: own ${JSON.stringify(own)}\n  cdk8s ${JSON.stringify(cdk8s)}`];
    });
}
