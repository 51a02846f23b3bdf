import * as fs from 'fs';
import * as path from 'path';
import { buildExampleApp } from './app';

// `npx projen synth:example` runs this file; output goes to examples/dist/, one file per chart.
// The folder is emptied first so a chart removed from the app does not leave a stale file behind.
const outdir = path.join(__dirname, 'dist');
fs.rmSync(outdir, { recursive: true, force: true });
buildExampleApp(outdir).synth();
