import { KNOWN_PROXIES } from '../../rules/checks/job-sidecar-never-exits';
import { AdmissionCheck } from '../admission-check';
import { celString, celStrings, escapeRegex } from '../cel';

/**
 * A known repository path in an image reference, as the rule's imageRepository() and
 * repositoryMatches() read it: the repository (before the first `@`, without the tag after the
 * last `/`) is the path or ends with `/` and the path, compared after JavaScript's
 * toLowerCase(). The known paths are lower-case ASCII, and the only other character
 * toLowerCase() turns into an ASCII letter that could complete one is the Kelvin sign (U+212A,
 * to `k`), so each letter is matched in both ASCII cases, `k` also as the Kelvin sign.
 */
function repositoryPattern(known: string): string {
  const caseless = [...known].map((ch) => {
    if (ch === 'k') return '[kK\\x{212A}]';
    return /[a-z]/.test(ch) ? `[${ch}${ch.toUpperCase()}]` : escapeRegex(ch);
  }).join('');
  return `(?s)^(?:[^@]*/)?${caseless}(?::[^/@]*)?(?:@.*)?$`;
}

export const jobSidecarNeverExitsCheck: AdmissionCheck = {
  ruleId: 'job-sidecar-never-exits',
  kinds: ['Job', 'CronJob'],
  passes: (v) => {
    const repositories = KNOWN_PROXIES.flatMap((p) => p.repositories);
    const names = KNOWN_PROXIES.flatMap((p) => p.names);
    const imageIsProxy = repositories.map((r) => `c.image.matches(${celString(repositoryPattern(r))})`).join(' || ');
    return v.everyContainer(['containers'], `!((has(c.image) && (${imageIsProxy})) || (has(c.name) && c.name in ${celStrings(names)}))`);
  },
  message: () => 'a regular container is a proxy that serves until it is stopped (Cloud SQL or AlloyDB Auth Proxy, Istio or Linkerd proxy), so the pod never completes after the main '
    + 'container exits and the Job runs until activeDeadlineSeconds fails it (or for ever without one). Run it as a native sidecar: move it to initContainers with restartPolicy: Always '
    + '(Kubernetes 1.29+), which the kubelet stops once the regular containers have exited.',
};
