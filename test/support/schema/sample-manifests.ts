/**
 * Hand-written manifests a Kubernetes 1.33 API server (with the KEDA 2.10 and prometheus-operator
 * 0.65 CRDs installed) accepts, one builder per kind so each test mutates its own copy. They use a
 * broad set of field shapes on purpose: structs, lists of structs, string maps, quantities as
 * strings and numbers, IntOrString as both, empty structs and CRD string maps.
 */
const podSpec = () => ({
  restartPolicy: 'Never',
  serviceAccountName: 'report-runner',
  automountServiceAccountToken: false,
  securityContext: { runAsNonRoot: true, runAsUser: 1000, seccompProfile: { type: 'RuntimeDefault' } },
  containers: [
    {
      name: 'main',
      image: 'registry.example.com/report:1.4.2',
      args: ['--date', 'yesterday'],
      env: [{ name: 'MODE', valueFrom: { configMapKeyRef: { name: 'report-config', key: 'mode' } } }],
      resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: 268435456 } },
      securityContext: {
        allowPrivilegeEscalation: false,
        readOnlyRootFilesystem: true,
        capabilities: { drop: ['ALL'] },
      },
      volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }],
    },
  ],
  volumes: [{ name: 'tmp', emptyDir: {} }],
  nodeSelector: { 'kubernetes.io/os': 'linux' },
});

const labels = () => ({ 'app.kubernetes.io/name': 'report', 'app.kubernetes.io/component': 'batch' });

const jobSpec = () => ({
  backoffLimit: 3,
  activeDeadlineSeconds: 3600,
  ttlSecondsAfterFinished: 86400,
  podFailurePolicy: {
    rules: [{ action: 'FailJob', onExitCodes: { containerName: 'main', operator: 'In', values: [42] } }],
  },
  template: { metadata: { labels: labels() }, spec: podSpec() },
});

export const sampleManifests: Record<string, () => any> = {
  Job: () => ({
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: {
      name: 'report-2026-11-27',
      namespace: 'reports',
      labels: labels(),
      annotations: { 'example.com/reason': 'nightly' },
    },
    spec: jobSpec(),
  }),
  CronJob: () => ({
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name: 'nightly-report', labels: labels() },
    spec: {
      schedule: '30 2 * * *',
      timeZone: 'Etc/UTC',
      concurrencyPolicy: 'Forbid',
      startingDeadlineSeconds: 300,
      successfulJobsHistoryLimit: 3,
      failedJobsHistoryLimit: 1,
      jobTemplate: { metadata: { labels: labels() }, spec: jobSpec() },
    },
  }),
  Deployment: () => ({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'queue-worker' },
    spec: {
      replicas: 2,
      selector: { matchLabels: labels() },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: '25%' } },
      template: { metadata: { labels: labels() }, spec: { ...podSpec(), restartPolicy: 'Always' } },
    },
  }),
  ServiceAccount: () => ({
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: { name: 'report-runner' },
    automountServiceAccountToken: false,
  }),
  Role: () => ({
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'Role',
    metadata: { name: 'report-runner' },
    rules: [{ apiGroups: [''], resources: ['configmaps'], resourceNames: ['report-config'], verbs: ['get'] }],
  }),
  RoleBinding: () => ({
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'RoleBinding',
    metadata: { name: 'report-runner' },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'report-runner' },
    subjects: [{ kind: 'ServiceAccount', name: 'report-runner', namespace: 'reports' }],
  }),
  // RBAC names are path segments, not DNS names: the colon is legal here.
  ClusterRole: () => ({
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRole',
    metadata: { name: 'reports:reader' },
    rules: [{ apiGroups: ['batch'], resources: ['jobs'], verbs: ['get', 'list', 'watch'] }],
  }),
  ClusterRoleBinding: () => ({
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRoleBinding',
    metadata: { name: 'reports:reader' },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'reports:reader' },
    subjects: [{ kind: 'ServiceAccount', name: 'report-runner', namespace: 'reports' }],
  }),
  ConfigMap: () => ({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'report-config' },
    data: { 'mode': 'full', 'settings.yaml': 'a: 1\n' },
  }),
  Secret: () => ({
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: 'rabbit' },
    type: 'Opaque',
    stringData: { url: 'amqp://user:pass@rabbit:5672/' },
  }),
  Service: () => ({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'queue-worker' },
    spec: { selector: labels(), ports: [{ name: 'metrics', port: 9090, targetPort: 'metrics' }] },
  }),
  PodDisruptionBudget: () => ({
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: { name: 'queue-worker' },
    spec: { minAvailable: 1, selector: { matchLabels: labels() } },
  }),
  HorizontalPodAutoscaler: () => ({
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: { name: 'queue-worker' },
    spec: {
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'queue-worker' },
      minReplicas: 1,
      maxReplicas: 10,
      metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } }],
    },
  }),
  ScaledObject: () => ({
    apiVersion: 'keda.sh/v1alpha1',
    kind: 'ScaledObject',
    metadata: { name: 'queue-worker' },
    spec: {
      scaleTargetRef: { name: 'queue-worker' },
      minReplicaCount: 0,
      maxReplicaCount: 10,
      triggers: [
        {
          type: 'rabbitmq',
          metadata: { queueName: 'reports', mode: 'QueueLength', value: '20' },
          authenticationRef: { name: 'rabbit' },
        },
      ],
    },
  }),
  TriggerAuthentication: () => ({
    apiVersion: 'keda.sh/v1alpha1',
    kind: 'TriggerAuthentication',
    metadata: { name: 'rabbit' },
    spec: { secretTargetRef: [{ parameter: 'host', name: 'rabbit', key: 'url' }] },
  }),
  PrometheusRule: () => ({
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'PrometheusRule',
    metadata: { name: 'nightly-report' },
    spec: {
      groups: [
        {
          name: 'nightly-report',
          rules: [
            {
              alert: 'NightlyReportStale',
              expr: 'time() - kube_cronjob_status_last_successful_time{cronjob="nightly-report"} > 93600',
              for: '15m',
              labels: { severity: 'warning' },
              annotations: { summary: 'nightly-report has not succeeded for 26h' },
            },
          ],
        },
      ],
    },
  }),
};
