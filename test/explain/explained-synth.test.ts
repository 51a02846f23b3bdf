import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Chart, JsonPatch } from 'cdk8s';
import { ExplainedSynth, ReconciliationCronJob } from '../../src';
import { explainedChart } from '../support/explained';
import { reconciliationProps } from '../support/fixtures';

describe('ExplainedSynth', () => {
  test('a field changed with an escape hatch no longer carries the construct\'s reason', () => {
    const { text } = explainedChart((chart) => {
      const job = new ReconciliationCronJob(chart, 'ledger', reconciliationProps());
      job.cronJob.addJsonPatch(JsonPatch.replace('/spec/jobTemplate/spec/backoffLimit', 4));
    });
    expect(text).toContain('      backoffLimit: 4  # why: set by the app');
    expect(text).not.toContain('two retries absorb a transient failure');
  });

  test('explaining the outdir again changes no byte; objects the app did not create are left alone', () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'explained-'));
    try {
      const app = new App({ outdir });
      new ReconciliationCronJob(new Chart(app, 'finance', { namespace: 'finance' }), 'ledger', reconciliationProps());
      expect(ExplainedSynth.synth(app)).toEqual([]);
      const foreign = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: not-ours\ndata:\n  a: "on"\n';
      fs.writeFileSync(path.join(outdir, 'other.yaml'), foreign);
      const files = fs.readdirSync(outdir).sort();
      const before = files.map((f) => fs.readFileSync(path.join(outdir, f), 'utf8'));
      expect(ExplainedSynth.explainOutdir(app)).toEqual([]);
      expect(files.map((f) => fs.readFileSync(path.join(outdir, f), 'utf8'))).toEqual(before);
      expect(fs.readFileSync(path.join(outdir, 'other.yaml'), 'utf8')).toBe(foreign);
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  });

  test('explainText explains YAML of the app\'s objects given as text', () => {
    const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'explained-')) });
    try {
      new ReconciliationCronJob(new Chart(app, 'finance', { namespace: 'finance' }), 'ledger', reconciliationProps());
      const text = ExplainedSynth.explainText(app, app.synthYaml());
      expect(text).toContain('  # why: runs are on; a suspended CronJob, once resumed, only catches up on runs within the starting deadline\n  suspend: false');
    } finally {
      fs.rmSync(app.outdir, { recursive: true, force: true });
    }
  });
});
