import { AdmissionCheck } from '../admission-check';
import { and } from '../cel';

/**
 * A request for the resource, or a limit (the API server copies a limit into a missing request).
 * Through dyn(): Kubernetes' type checker drops the Quantity maps (no schema type), so
 * `c.resources.requests` is an "undefined field" warning on the policy without it.
 */
function requests(resource: string): string {
  const r = 'dyn(c.resources)';
  return `has(c.resources) && ((has(${r}.requests) && "${resource}" in ${r}.requests) || (has(${r}.limits) && "${resource}" in ${r}.limits))`;
}

export const resourceRequestsCheck: AdmissionCheck = {
  ruleId: 'resource-requests',
  kinds: ['Job', 'CronJob', 'Deployment'],
  passes: (v) => and(
    `size(${v.podList('initContainers')}) + size(${v.podList('containers')}) > 0`,
    v.everyContainer(['initContainers', 'containers'], and(requests('cpu'), requests('memory'))),
  ),
  message: () => 'a container or init container requests no cpu or memory; set resources.requests.cpu and .memory (or a limit, which Kubernetes copies into a missing request) so the scheduler reserves what the work needs.',
};
