import { TRUE_VALUES } from '../../rules/checks/cleanup-guard';
import { AdmissionCheck } from '../admission-check';
import { WS, celString, trimmedOneOfAsciiCaseless } from '../cel';

/** The container's first env var of a name (the rule's `envVar` takes the first). */
function first(name: string): string {
  return `c.env.filter(e, e.name == "${name}")[0]`;
}

function has(name: string): string {
  return `has(c.env) && c.env.exists(e, e.name == "${name}")`;
}

/** MAX_DELETIONS as the rule reads it: a positive integer literal, or a value from a ConfigMap/Secret. */
const POSITIVE_INTEGER = `^${WS}[1-9][0-9]*${WS}$`;

export const cleanupGuardCheck: AdmissionCheck = {
  ruleId: 'cleanup-guard',
  kinds: ['Job', 'CronJob', 'Deployment'],
  appliesTo: (v) => v.classIn(['cleanup']),
  passes: (v) => {
    const dryRun = first('DRY_RUN');
    const max = first('MAX_DELETIONS');
    const dryRunIsTrue = `has(${dryRun}.value) && ${dryRun}.value.matches(${celString(trimmedOneOfAsciiCaseless(TRUE_VALUES))})`;
    const threshold = `${has('MAX_DELETIONS')} && (has(${max}.value) && ${max}.value != "" ? ${max}.value.matches(${celString(POSITIVE_INTEGER)}) : has(${max}.valueFrom))`;
    return v.everyContainer(['containers'], `${has('DRY_RUN')} && ((${dryRunIsTrue}) || (${threshold}))`);
  },
  message: () => 'a container has no DRY_RUN env var, or may delete (DRY_RUN is not "true") without a positive MAX_DELETIONS; a cleanup must support a dry run and stop above a deletion threshold: set DRY_RUN, and MAX_DELETIONS to a positive count whenever DRY_RUN is false.',
};
