import * as fs from 'fs';
import * as path from 'path';
import { buildExampleApp } from './app';
import { ExplainedSynth } from '../src';

// `npx projen synth:example` runs this file; output goes to examples/dist/, one file per chart.
// The folder is emptied first so a chart removed from the app does not leave a stale file behind.
// ExplainedSynth.synth is app.synth() plus a `# why:` comment on every value a construct decided.
const outdir = path.join(__dirname, 'dist');
fs.rmSync(outdir, { recursive: true, force: true });
const notes = ExplainedSynth.synth(buildExampleApp(outdir));
for (const note of notes) {
  console.error(`note: ${note}`);
}
