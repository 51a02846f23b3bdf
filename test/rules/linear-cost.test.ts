import * as fs from 'fs';
import * as path from 'path';
import * as yaml from 'js-yaml';
import { ManifestIndex } from '../../src/rules/context';
import { runAudit } from '../../src/rules/engine';
import { Obj } from '../../src/rules/manifest';

const CLASS = 'platform.example.com/workload-class';
const fixture = (yaml.loadAll(fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'compliant', 'orders.yaml'), 'utf8')) as any[]);
const migration = fixture.find((d) => d.kind === 'Job');

function job(name: string, account: string, namespace: string | undefined, cls: string | undefined): Obj {
  const doc = JSON.parse(JSON.stringify(migration));
  doc.metadata.name = name;
  if (namespace === undefined) delete doc.metadata.namespace;
  else doc.metadata.namespace = namespace;
  if (cls === undefined) delete doc.metadata.labels[CLASS];
  else doc.metadata.labels[CLASS] = cls;
  doc.spec.template.spec.serviceAccountName = account;
  return doc;
}

const sa = (name: string, namespace?: string): Obj => ({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name, ...(namespace ? { namespace } : {}) } });

describe('cross-object indexes answer by name and namespace, once per key', () => {
  test('namespace matching: equal, or unset on either side; set order kept across namespaces', () => {
    const docs = [
      job('a', 'shared', 'x', 'migration'), job('b', 'shared', 'y', 'batch'), job('c', 'shared', undefined, 'batch'),
      job('d', 'shared', 'x', 'batch'), sa('shared', 'y'), sa('shared'), sa('shared', 'x'),
    ];
    const index = new ManifestIndex(docs, CLASS);
    const names = (users: readonly { doc: Obj }[]) => users.map((u) => (u.doc.metadata as any).name);
    expect(names(index.usersOf('shared', 'x'))).toEqual(['a', 'c', 'd']);
    expect(names(index.usersOf('shared', 'y'))).toEqual(['b', 'c']);
    expect(names(index.usersOf('shared', ''))).toEqual(['a', 'b', 'c', 'd']);
    expect(index.usersOf('other', 'x')).toEqual([]);
    // The first ServiceAccount in set order that matches: the namespace-less one precedes x's own.
    expect(index.serviceAccount('shared', 'x')).toBe(docs[5]);
    expect(index.serviceAccount('shared', 'y')).toBe(docs[4]);
    expect(index.serviceAccount('shared', 'z')).toBe(docs[5]);
  });

  test('the account users outside a class are computed once per key and name each object once', () => {
    const docs = [job('m1', 'shared', 'x', 'migration'), job('w', 'shared', 'x', 'batch'), job('w', 'shared', 'x', 'batch'), job('m2', 'shared', 'x', 'migration')];
    const index = new ManifestIndex(docs, CLASS);
    const first = index.usersOutsideClass('shared', 'x', 'migration');
    expect(first.map((u) => (u.doc.metadata as any).name)).toEqual(['w']);
    // Every migration of the set asks the same question and gets the same (cached) answer.
    expect(index.usersOutsideClass('shared', 'x', 'migration')).toBe(first);
    expect(index.usersOf('shared', 'x')).toBe(index.usersOf('shared', 'x'));
  });

  test('15,000 migrations on one account: every finding comes from one lookup, and a long list of users is cut', () => {
    const docs: Obj[] = [];
    for (let i = 0; i < 15_000; i++) docs.push(job(`migrate-${i}`, 'shared', 'orders', 'migration'));
    for (let i = 0; i < 12; i++) docs.push(job(`batch-${i}`, 'shared', 'orders', 'batch'));
    const walks = jest.spyOn(ManifestIndex.prototype, 'usersOf');
    const run = runAudit(docs.map((object) => ({ object })), { rules: ['migration-dedicated-service-account'], now: new Date('2026-07-01T00:00:00Z') });
    // One walk over the account's users for the whole set (before: one per migration, 15,000 x 15,012).
    expect(walks).toHaveBeenCalledTimes(1);
    walks.mockRestore();
    expect(run.findings.length).toBe(15_000);
    expect(run.findings[0].message).toBe('service account shared is shared with '
      + Array.from({ length: 10 }, (_, i) => `Job batch-${i} (batch)`).join(', ')
      + ' and 2 more, so schema-changing rights leak to them; give the migration its own ServiceAccount.');
  });
});

describe('duplicate-object on many copies of one object', () => {
  test('each copy names at most ten others and counts the rest; the copies share one list', () => {
    const inputs = Array.from({ length: 3_000 }, (_, i) => ({ object: job('same', 'sa', 'orders', 'migration'), file: `copy-${i}.yaml`, line: 1 }));
    const run = runAudit(inputs, { rules: ['duplicate-object'], now: new Date('2026-07-01T00:00:00Z') });
    expect(run.findings.length).toBe(3_000);
    const named = Array.from({ length: 10 }, (_, i) => `copy-${i + 1}.yaml:1`).join(', ');
    expect(run.findings[0].message).toMatch(new RegExp(`^Job orders/same is also defined at ${named.replace(/\./g, '\\.')}, and 2989 more; `));
    expect(run.findings[2_999].message).toMatch(/^Job orders\/same is also defined at copy-0\.yaml:1, copy-1\.yaml:1, .*, copy-9\.yaml:1, and 2989 more; /);
    const small = runAudit(inputs.slice(0, 3), { rules: ['duplicate-object'] });
    expect(small.findings[1].message).toMatch(/^Job orders\/same is also defined at copy-0\.yaml:1, copy-2\.yaml:1; /);
  });
});
