/**
 * Jest globalSetup: builds the API-server harness (test/k8s-validate) once per jest run, before
 * the test workers start. A cold build downloads the pinned Kubernetes modules and compiles them
 * (minutes on 2 cores); later runs find the binary under node_modules/.cache/k8s-validate.
 */
import { buildApiServerHarness } from './api-server';

export default function globalSetup(): void {
  buildApiServerHarness();
}
