import { yaml } from '../doc-yaml';
import { RuleSeverity } from '../finding';
import {
  Obj, containerName, containers, ephemeralContainers, initContainers, obj, objs, path, str, strs,
} from '../manifest';
import { Rule } from '../rule';
import { POD_KINDS, isPodLevelTarget } from '../scope';

/** Volume sources the "restricted" Pod Security Standard allows. */
const ALLOWED_VOLUMES = new Set(['configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'persistentVolumeClaim', 'projected', 'secret']);
/** Sysctls the "baseline" (and so "restricted") standard allows. */
const SAFE_SYSCTLS = new Set([
  'kernel.shm_rmid_forced', 'net.ipv4.ip_local_port_range', 'net.ipv4.ip_unprivileged_port_start',
  'net.ipv4.tcp_syncookies', 'net.ipv4.ping_group_range', 'net.ipv4.ip_local_reserved_ports',
  'net.ipv4.tcp_keepalive_time', 'net.ipv4.tcp_fin_timeout', 'net.ipv4.tcp_keepalive_intvl', 'net.ipv4.tcp_keepalive_probes',
]);
const SELINUX_TYPES = new Set(['container_t', 'container_init_t', 'container_kvm_t', 'container_engine_t']);
const ALLOWED_SECCOMP = ['RuntimeDefault', 'Localhost'];
const HOST_NAMESPACES = ['hostNetwork', 'hostPID', 'hostIPC'];
/** What a missing pod spec reads as: no fields (shared, never modified). */
const NO_POD: Obj = Object.freeze({});

/** How many violations a message lists before summarising (all of them are in the finding's details). */
const SHOWN = 6;

/**
 * How bad a violation is, lowest first: what hands the pod the node (privileged, the host's
 * namespaces, its filesystem, its ports) before what widens the kernel surface, before running
 * as root, before the hardening settings every pod must declare.
 */
enum Severity {
  PRIVILEGED,
  HOST_NAMESPACE,
  HOST_PATH,
  HOST_PORT,
  KERNEL,
  ROOT,
  HARDENING,
}

interface Violation {
  readonly severity: Severity;
  readonly text: string;
}

/**
 * Records a violation of the pod (no container) or of a container, named by its position. The
 * subject is spelt out here, only for a violation: a compliant pod builds no string.
 */
function report(out: Violation[], severity: Severity, container: Obj | undefined, index: number, phrase: string): void {
  out.push({ severity, text: `${container === undefined ? 'pod' : `container ${containerName(container, index)}`} ${phrase}` });
}

/** Baseline checks that read the same fields at pod and container level, for the pod or one container. */
function sharedContextProblems(sc: Obj | undefined, out: Violation[], container: Obj | undefined, index: number): void {
  const selinux = obj(sc?.seLinuxOptions);
  if (selinux) {
    const type = str(selinux.type);
    if (type && !SELINUX_TYPES.has(type)) report(out, Severity.KERNEL, container, index, `has seLinuxOptions.type ${type}`);
    if (selinux.user || selinux.role) report(out, Severity.KERNEL, container, index, 'sets seLinuxOptions user/role');
  }
  if (path(sc, 'windowsOptions', 'hostProcess') === true) report(out, Severity.PRIVILEGED, container, index, 'is a Windows hostProcess');
  if (path(sc, 'appArmorProfile', 'type') === 'Unconfined') report(out, Severity.KERNEL, container, index, 'has AppArmor Unconfined');
  if (sc?.runAsUser === 0) report(out, Severity.ROOT, container, index, 'sets runAsUser 0');
}

function podProblems(pod: Obj, out: Violation[]): void {
  for (const field of HOST_NAMESPACES) if (pod[field] === true) out.push({ severity: Severity.HOST_NAMESPACE, text: `${field}: true` });
  for (const volume of objs(pod.volumes)) {
    if (!hasDisallowedSource(volume)) continue;
    const sources = Object.keys(volume).filter((k) => k !== 'name');
    const bad = sources.filter((k) => !ALLOWED_VOLUMES.has(k));
    out.push({ severity: bad.includes('hostPath') ? Severity.HOST_PATH : Severity.KERNEL, text: `volume ${str(volume.name) ?? '?'} uses ${bad.join(', ')}` });
  }
  const sc = obj(pod.securityContext);
  for (const sysctl of objs(sc?.sysctls)) {
    const name = str(sysctl.name) ?? '?';
    if (!SAFE_SYSCTLS.has(name)) out.push({ severity: Severity.KERNEL, text: `unsafe sysctl ${name}` });
  }
  sharedContextProblems(sc, out, undefined, 0);
}

/** Whether a volume has a source other than the allowed ones (asked without a key list: every volume of every pod is asked). */
function hasDisallowedSource(volume: Obj): boolean {
  for (const key of Object.keys(volume)) if (key !== 'name' && !ALLOWED_VOLUMES.has(key)) return true;
  return false;
}

/** What each container of a list breaks, each phrase prefixed with the container's name. */
function containersProblems(list: readonly Obj[], podSc: Obj | undefined, out: Violation[]): void {
  for (let i = 0; i < list.length; i++) containerProblems(list[i], i, podSc, out);
}

function containerProblems(c: Obj, i: number, podSc: Obj | undefined, out: Violation[]): void {
  const sc = obj(c.securityContext);
  if (sc?.privileged === true) report(out, Severity.PRIVILEGED, c, i, 'is privileged');
  if (sc?.allowPrivilegeEscalation !== false) report(out, Severity.HARDENING, c, i, 'does not set allowPrivilegeEscalation: false');
  const caps = obj(sc?.capabilities);
  if (!strs(caps?.drop).includes('ALL')) report(out, Severity.HARDENING, c, i, 'does not drop ALL capabilities');
  const adds = strs(caps?.add);
  if (adds.some(notNetBindService)) report(out, Severity.KERNEL, c, i, `adds capabilities ${adds.filter(notNetBindService).join(', ')}`);
  const nonRoot = typeof sc?.runAsNonRoot === 'boolean' ? sc.runAsNonRoot : podSc?.runAsNonRoot;
  if (nonRoot !== true) report(out, Severity.HARDENING, c, i, 'does not run with runAsNonRoot: true');
  const seccomp = str(path(sc, 'seccompProfile', 'type')) ?? str(path(podSc, 'seccompProfile', 'type'));
  if (!seccomp || !ALLOWED_SECCOMP.includes(seccomp)) {
    report(out, seccomp === 'Unconfined' ? Severity.KERNEL : Severity.HARDENING, c, i, `has seccompProfile ${seccomp ?? '(none)'}`);
  }
  if (sc?.procMount !== undefined && sc.procMount !== 'Default') report(out, Severity.KERNEL, c, i, `has procMount ${String(sc.procMount)}`);
  for (const port of objs(c.ports)) {
    if (port.hostPort !== undefined && port.hostPort !== 0) report(out, Severity.HOST_PORT, c, i, `uses hostPort ${String(port.hostPort)}`);
  }
  sharedContextProblems(sc, out, c, i);
}

function notNetBindService(cap: string): boolean {
  return cap !== 'NET_BIND_SERVICE';
}

export const podSecurityRestricted: Rule = {
  id: 'pod-security-restricted',
  severity: RuleSeverity.ERROR,
  doc: {
    summary: 'The pod meets the Kubernetes "restricted" Pod Security Standard.',
    why: 'Batch pods often hold credentials to production data. The restricted profile (non-root, no privilege' +
      ' escalation, all capabilities dropped, the runtime\'s seccomp profile, no host namespaces or host ' +
      'paths) limits what a compromised container can do, and a namespace that enforces the profile rejects' +
      ' pods that do not meet it.',
    failing: yaml`
      apiVersion: batch/v1
      kind: Job
      metadata:
        name: nightly-export
        namespace: reports
      spec:
        template:
          spec:
            restartPolicy: Never
            containers:
            - name: export
              image: registry.example.com/reports/export:1.4.2
    `,
    fixed: yaml`
      apiVersion: batch/v1
      kind: Job
      metadata:
        name: nightly-export
        namespace: reports
      spec:
        template:
          spec:
            restartPolicy: Never
            containers:
            - name: export
              image: registry.example.com/reports/export:1.4.2
              securityContext:
                allowPrivilegeEscalation: false
                capabilities:
                  drop:
                  - ALL
                runAsNonRoot: true
                seccompProfile:
                  type: RuntimeDefault
    `,
    references: [
      'https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted',
    ],
  },
  appliesToText: 'workload (with scope all: every object that runs pods)',
  passesWhen: 'the pod meets the Kubernetes "restricted" Pod Security Standard',
  kinds: POD_KINDS,
  appliesTo: isPodLevelTarget,
  check(doc, ctx) {
    const pod = ctx.podSpec(doc) ?? NO_POD;
    const violations: Violation[] = [];
    podProblems(pod, violations);
    const podSc = obj(pod.securityContext);
    containersProblems(initContainers(pod), podSc, violations);
    containersProblems(containers(pod), podSc, violations);
    containersProblems(ephemeralContainers(pod), podSc, violations);
    if (violations.length === 0) return undefined;
    // Array sort is stable: equally bad violations keep the pod-then-container order.
    const details = violations.sort((a, b) => a.severity - b.severity).map((v) => v.text);
    const more = details.length > SHOWN ? ` (and ${details.length - SHOWN} more, listed in the finding's details)` : '';
    return {
      message: `the pod would be rejected in a namespace enforcing the "restricted" Pod Security Standard: ${details.slice(0, SHOWN).join('; ')}${more}; set runAsNonRoot: true, seccompProfile RuntimeDefault, and per container allowPrivilegeEscalation: false and capabilities.drop [ALL], with no host namespaces, ports or paths.`,
      details,
    };
  },
};
