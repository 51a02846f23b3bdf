import { readFileSync } from 'fs';
import { join } from 'path';
import { FIELD_TABLE } from '../../src/rules/k8s-fields.generated';
import { QUANTITY_FIELDS, renderTable, TARGET } from '../oracle/generate-field-table';

describe('the generated Kubernetes field table', () => {
  test('the committed table is what the generator makes from @kubernetes/client-node (run test/oracle/generate-field-table.ts)', () => {
    expect(readFileSync(TARGET, 'utf8')).toBe(renderTable());
  });

  test('it covers the types batch workloads reach', () => {
    for (const type of ['V1Job', 'V1CronJob', 'V1JobSpec', 'V1CronJobSpec', 'V1PodTemplateSpec', 'V1PodSpec', 'V1Container', 'V1ObjectMeta', 'V1SecurityContext', 'V1PodFailurePolicyRule']) {
      expect(FIELD_TABLE[type]).toBeDefined();
    }
    expect(FIELD_TABLE.V1PodSpec.split(' ')).toContain('restartPolicy:s');
    expect(FIELD_TABLE.V1JobSpec.split(' ')).toContain('backoffLimit:i32');
    expect(FIELD_TABLE.V1CronJobSpec.split(' ')).toContain('startingDeadlineSeconds:i64');
  });

  /**
   * client-node types resource.Quantity as a string, so the generator marks Quantity fields from its
   * own list. cdk8s-plus-28's imports (generated from the Kubernetes 1.28 schema with Quantity as its
   * own type) are an independent source: every Quantity field they know in our types is marked, and
   * every field we mark is a Quantity there (when the type exists in 1.28).
   */
  test('Quantity fields agree with cdk8s-plus-28\'s typed imports', () => {
    const dts = readFileSync(join(require.resolve('cdk8s-plus-28/package.json'), '..', 'lib', 'imports', 'k8s.d.ts'), 'utf8');
    const quantityFields = new Map<string, Set<string>>();
    const interfaces = new Set<string>();
    for (const block of dts.split(/^export interface /m).slice(1)) {
      const name = block.slice(0, block.indexOf(' '));
      interfaces.add(name);
      const body = block.slice(0, block.indexOf('\n}'));
      for (const m of body.matchAll(/readonly (\w+)\??: (?:Quantity;|\{\s*\[key: string\]: Quantity;)/g)) {
        if (!quantityFields.has(name)) quantityFields.set(name, new Set());
        quantityFields.get(name)!.add(m[1]);
      }
    }
    let compared = 0;
    for (const [type, spec] of Object.entries(FIELD_TABLE)) {
      const cdk8sName = type.replace(/^V1/, '');
      if (!interfaces.has(cdk8sName)) continue;
      const ours = new Set(spec.split(' ').filter((p) => /:\{?q\}?$/.test(p)).map((p) => p.slice(0, p.indexOf(':'))));
      const theirs = quantityFields.get(cdk8sName) ?? new Set<string>();
      expect([type, [...ours].sort()]).toEqual([type, [...theirs].sort()]);
      compared += theirs.size;
    }
    // ResourceRequirements limits and requests, PodSpec overhead, EmptyDirVolumeSource sizeLimit,
    // ResourceFieldSelector divisor (VolumeResourceRequirements is newer than 1.28).
    expect(compared).toBe(5);
    expect(QUANTITY_FIELDS.V1VolumeResourceRequirements).toEqual(QUANTITY_FIELDS.V1ResourceRequirements);
  });
});
