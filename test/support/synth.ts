import { App, Chart, Testing } from 'cdk8s';
import { Construct } from 'constructs';

/**
 * Builds one chart with `build`, synthesizes it, and returns the manifests in output order.
 */
export function synthChart(build: (chart: Chart) => void, namespace = 'finance'): any[] {
  const app = Testing.app();
  const chart = new Chart(app, 'test', { namespace });
  build(chart);
  return Testing.synth(chart);
}

/** Finds the one manifest of a kind; fails the test when there is not exactly one. */
export function only(manifests: any[], kind: string): any {
  const found = manifests.filter((m) => m.kind === kind);
  if (found.length !== 1) {
    throw new Error(`expected exactly one ${kind}, found ${found.length}: ${manifests.map((m) => m.kind).join(', ')}`);
  }
  return found[0];
}

/** A chart to add constructs to, for tests that only need the error. */
export function testChart(): Construct {
  return new Chart(Testing.app(), 'test', { namespace: 'finance' });
}

export { App };
