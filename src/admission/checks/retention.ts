import { ARGOCD_HOOK, HELM_HOOK } from '../../rules/checks/retention';
import { GITOPS_LIFETIME } from '../../rules/gitops';
import { AdmissionCheck } from '../admission-check';
import { NOT_BLANK, WS, celString, or } from '../cel';

/** Argo CD's hook annotation names no phase but Skip: every comma-separated part is blank or `Skip`. */
const ONLY_SKIP = `^${WS}(?:Skip)?${WS}(?:,${WS}(?:Skip)?${WS})*$`;

/**
 * Jobs only. A CronJob's part of the rule (both history limits set explicitly) cannot be
 * decided at admission: the API server defaults them (3 and 1) before admission policies run,
 * so "not set" is indistinguishable from the default. That part stays CI and synth only.
 */
export const retentionCheck: AdmissionCheck = {
  ruleId: 'retention',
  kinds: ['Job'],
  passes: (v) => or(
    v.jobField('ttlSecondsAfterFinished').present,
    v.ownAnnotation(HELM_HOOK, (value) => `${value}.matches(${celString(NOT_BLANK)})`, false),
    v.ownAnnotation(ARGOCD_HOOK, (value) => `!${value}.matches(${celString(ONLY_SKIP)})`, false),
    v.annotation('lifetime', (value) => `${value} == ${celString(GITOPS_LIFETIME)}`, false),
  ),
  message: (prefix) => 'ttlSecondsAfterFinished is not set, so finished Jobs and their pods pile up; set it (e.g. 604800 for a week) '
    + `and keep the audit trail outside Kubernetes, or, for a one-off Job applied by Argo CD or Flux, declare \`${prefix}/lifetime: ${GITOPS_LIFETIME}\` `
    + 'and remove it from Git when it is done.',
};
