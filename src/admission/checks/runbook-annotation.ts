import { HTTPS_URL } from '../../rules/checks/runbook-annotation';
import { AdmissionCheck } from '../admission-check';
import { NON_WS, WS, celString } from '../cel';

/**
 * The rule's URL pattern for RE2: its `[^\s]` spelled with the JavaScript white-space class, and
 * white space allowed around it (the rule trims the value first; the URL itself holds none).
 */
function urlPattern(): string {
  const source = HTTPS_URL.source;
  if (!source.startsWith('^') || !source.endsWith('$') || source.split('[^\\s]').length !== 2) {
    throw new Error('runbook-annotation: HTTPS_URL changed shape; update its CEL translation');
  }
  return `^${WS}${source.slice(1, -1).replace(/\\\//g, '/').replace('[^\\s]', NON_WS)}${WS}$`;
}

export const runbookAnnotationCheck: AdmissionCheck = {
  ruleId: 'runbook-annotation',
  kinds: ['Job', 'CronJob', 'Deployment'],
  passes: (v) => v.annotation('runbook', (value) => `${value}.matches(${celString(urlPattern())})`, false),
  message: (prefix) => `annotation ${prefix}/runbook is missing or not an https:// URL; link the runbook page an on-call engineer follows when this fails.`,
};
