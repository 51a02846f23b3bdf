import { spawnSync } from 'child_process';
import * as path from 'path';
import { cli, FIXTURES, NOW, tempTree } from './helpers';

const precision = path.join(FIXTURES, 'precision');
const VALIDITY = ['field-invalid', 'cronjob-schedule', 'annotations-too-large', 'too-large-for-client-side-apply'];

describe('audit: fields Kubernetes rejects', () => {
  test('the precision fixtures: each invalid file has its error, valid ones none, and they fail the run', async () => {
    const r = await cli(['audit', precision, '--now', NOW, '--format', 'json', '--rule', VALIDITY.join(',')]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    const found = JSON.parse(r.stdout).findings.map((f: any) => `${path.basename(f.file)} ${f.rule} ${f.kind}/${f.name}`);
    expect(found).toEqual([
      'backoff-limit-overflow.yaml field-invalid Job/feed-poller',
      'backoff-limit-string.yaml field-invalid Job/search-reindex',
      'mis-cased-field.yaml field-invalid Job/audit-export',
      'negative-counts.yaml field-invalid CronJob/report-digest',
      'never-runs-schedule.yaml cronjob-schedule CronJob/leap-cleanup',
    ]);
  });

  test('YAML 1.1 words read as Kubernetes reads them: an env value `yes` is a boolean, and rejected', async () => {
    const dir = tempTree({
      'job.yaml': [
        'apiVersion: batch/v1', 'kind: Job', 'metadata:', '  name: flags', '  labels:', '    version: 1.0', 'spec:', '  template:', '    spec:',
        '      restartPolicy: Never', '      containers:', '        - name: c', '          image: registry.example.com/c:1.0.0',
        '          env:', '            - name: VERBOSE', '              value: yes', '',
      ].join('\n'),
    });
    const r = await cli(['audit', dir, '--format', 'json', '--rule', 'field-invalid']);
    expect(r.code).toBe(1);
    const [finding] = JSON.parse(r.stdout).findings;
    expect(finding.message).toBe('Kubernetes rejects this object: '
      + 'metadata.labels.version is a number (1) where Kubernetes requires a string, so the API server cannot decode the object; '
      + 'spec.template.spec.containers[0].env[0].value is a boolean (true) where Kubernetes requires a string, so the API server cannot decode the object. '
      + 'Fix these first: an object the API server rejects is never applied.');
  });
});

test('the audit path does not load @kubernetes/client-node (the field table is generated source)', () => {
  const script = [
    "require('./src/cli/run');",
    "require('./src/rules/audit');",
    "const { auditDocuments } = require('./src/rules/engine');",
    "auditDocuments([{ object: { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'j' }, spec: { backoffLimit: '2' } } }]);",
    'const loaded = Object.keys(require.cache).filter((k) => /node_modules[\\\\/]@kubernetes[\\\\/]/.test(k));',
    'process.stdout.write(JSON.stringify(loaded));',
  ].join('\n');
  const env = { ...process.env, TS_NODE_PROJECT: 'tsconfig.dev.json', TS_NODE_TRANSPILE_ONLY: 'true' };
  const r = spawnSync(process.execPath, ['-r', 'ts-node/register', '-e', script], { cwd: path.join(__dirname, '..', '..'), env, encoding: 'utf8', timeout: 60_000 });
  expect(r.stderr).toBe('');
  expect(JSON.parse(r.stdout)).toEqual([]);
}, 90_000);
