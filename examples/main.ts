import * as path from 'path';
import { buildExampleApp } from './app';

// `npx projen synth:example` runs this file; output goes to examples/dist/, one file per chart.
buildExampleApp(path.join(__dirname, 'dist')).synth();
