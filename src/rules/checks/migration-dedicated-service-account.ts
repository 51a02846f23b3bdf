import { yaml } from '../doc-yaml';
import { RuleSeverity } from '../finding';
import { nameOf, namespaceOf, str } from '../manifest';
import { Rule } from '../rule';
import { WORKLOAD_KINDS, hasClass } from '../scope';

/** The message names this many of the account's other users (a finding stays one readable line). */
const MAX_NAMED = 10;

export const migrationDedicatedServiceAccount: Rule = {
  id: 'migration-dedicated-service-account',
  severity: RuleSeverity.ERROR,
  doc: {
    summary: 'A migration uses a ServiceAccount no workload of another class uses.',
    why: 'A schema migration usually holds rights (DDL, a privileged database secret) that the application ' +
      'should not have. When the migration shares its ServiceAccount with the service, whatever is granted ' +
      'for the migration is granted to the service too.',
    failing: yaml`
      apiVersion: batch/v1
      kind: Job
      metadata:
        name: orders-migrate
        namespace: orders
        labels:
          platform.example.com/workload-class: migration
      spec:
        template:
          spec:
            restartPolicy: Never
            serviceAccountName: orders
            containers:
            - name: export
              image: registry.example.com/reports/export:1.4.2
      ---
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: orders-api
        namespace: orders
      spec:
        selector:
          matchLabels:
            app: orders-api
        template:
          metadata:
            labels:
              app: orders-api
          spec:
            serviceAccountName: orders
            containers:
            - name: worker
              image: registry.example.com/payments/worker:3.2.0
    `,
    fixed: yaml`
      apiVersion: batch/v1
      kind: Job
      metadata:
        name: orders-migrate
        namespace: orders
        labels:
          platform.example.com/workload-class: migration
      spec:
        template:
          spec:
            restartPolicy: Never
            serviceAccountName: orders-migration
            containers:
            - name: export
              image: registry.example.com/reports/export:1.4.2
      ---
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: orders-api
        namespace: orders
      spec:
        selector:
          matchLabels:
            app: orders-api
        template:
          metadata:
            labels:
              app: orders-api
          spec:
            serviceAccountName: orders
            containers:
            - name: worker
              image: registry.example.com/payments/worker:3.2.0
    `,
  },
  appliesToText: 'class migration',
  passesWhen: 'its service account is used by no workload of another class in the set',
  kinds: WORKLOAD_KINDS,
  appliesTo: (doc, ctx) => hasClass(doc, ctx, 'migration'),
  check(doc, ctx) {
    const pod = ctx.podSpec(doc);
    const account = str(pod?.serviceAccountName) ?? str(pod?.serviceAccount) ?? 'default';
    // One answer per account and namespace (each user once), however many migrations share it.
    const others = ctx.index.usersOutsideClass(account, namespaceOf(doc) ?? '', 'migration');
    if (others.length === 0) return undefined;
    const named = others.slice(0, MAX_NAMED).map((u) => `${u.doc.kind} ${nameOf(u.doc)} (${u.workloadClass ?? 'no class'})`);
    const more = others.length > MAX_NAMED ? ` and ${others.length - MAX_NAMED} more` : '';
    return `service account ${account} is shared with ${named.join(', ')}${more}, so schema-changing rights leak to them; give the migration its own ServiceAccount.`;
  },
};
