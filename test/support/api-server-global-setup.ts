/**
 * Jest globalSetup: builds the API-server harness (test/k8s-validate) once per jest run, before
 * the test workers start, and empties the harness's log (api-server.ts) so that the teardown
 * (api-server-global-teardown.ts) counts this run only. A cold build downloads the pinned
 * Kubernetes modules and compiles them (minutes on 2 cores); later runs find the binary under
 * node_modules/.cache/k8s-validate.
 */
import { rmSync } from 'fs';
import { buildApiServerHarness, HARNESS_LOG } from './api-server';

export default function globalSetup(): void {
  rmSync(HARNESS_LOG, { force: true });
  buildApiServerHarness();
}
