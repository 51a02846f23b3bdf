import { yaml } from '../doc-yaml';
import { RuleSeverity } from '../finding';
import {
  Obj, containerName, containers, ephemeralContainers, initContainers, obj, objs, path, podSpec, str, strs,
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

/** Baseline checks that read the same fields at pod and container level; phrases without a subject. */
function sharedContextProblems(sc: Obj | undefined, add: (severity: Severity, phrase: string) => void): void {
  const selinux = obj(sc?.seLinuxOptions);
  if (selinux) {
    const type = str(selinux.type);
    if (type && !SELINUX_TYPES.has(type)) add(Severity.KERNEL, `has seLinuxOptions.type ${type}`);
    if (selinux.user || selinux.role) add(Severity.KERNEL, 'sets seLinuxOptions user/role');
  }
  if (path(sc, 'windowsOptions', 'hostProcess') === true) add(Severity.PRIVILEGED, 'is a Windows hostProcess');
  if (path(sc, 'appArmorProfile', 'type') === 'Unconfined') add(Severity.KERNEL, 'has AppArmor Unconfined');
  if (sc?.runAsUser === 0) add(Severity.ROOT, 'sets runAsUser 0');
}

function podProblems(pod: Obj, out: Violation[]): void {
  for (const field of HOST_NAMESPACES) if (pod[field] === true) out.push({ severity: Severity.HOST_NAMESPACE, text: `${field}: true` });
  for (const volume of objs(pod.volumes)) {
    const sources = Object.keys(volume).filter((k) => k !== 'name');
    const bad = sources.filter((k) => !ALLOWED_VOLUMES.has(k));
    if (bad.length) {
      out.push({ severity: bad.includes('hostPath') ? Severity.HOST_PATH : Severity.KERNEL, text: `volume ${str(volume.name) ?? '?'} uses ${bad.join(', ')}` });
    }
  }
  const sc = obj(pod.securityContext);
  for (const sysctl of objs(sc?.sysctls)) {
    const name = str(sysctl.name) ?? '?';
    if (!SAFE_SYSCTLS.has(name)) out.push({ severity: Severity.KERNEL, text: `unsafe sysctl ${name}` });
  }
  sharedContextProblems(sc, (severity, phrase) => out.push({ severity, text: `pod ${phrase}` }));
}

/** What a container breaks, each phrase prefixed with the container's name. */
function containerProblems(c: Obj, label: string, pod: Obj, out: Violation[]): void {
  const add = (severity: Severity, phrase: string) => out.push({ severity, text: `${label} ${phrase}` });
  const sc = obj(c.securityContext);
  const podSc = obj(pod.securityContext);
  if (sc?.privileged === true) add(Severity.PRIVILEGED, 'is privileged');
  if (sc?.allowPrivilegeEscalation !== false) add(Severity.HARDENING, 'does not set allowPrivilegeEscalation: false');
  const caps = obj(sc?.capabilities);
  if (!strs(caps?.drop).includes('ALL')) add(Severity.HARDENING, 'does not drop ALL capabilities');
  const added = strs(caps?.add).filter((cap) => cap !== 'NET_BIND_SERVICE');
  if (added.length) add(Severity.KERNEL, `adds capabilities ${added.join(', ')}`);
  const nonRoot = typeof sc?.runAsNonRoot === 'boolean' ? sc.runAsNonRoot : podSc?.runAsNonRoot;
  if (nonRoot !== true) add(Severity.HARDENING, 'does not run with runAsNonRoot: true');
  const seccomp = str(path(sc, 'seccompProfile', 'type')) ?? str(path(podSc, 'seccompProfile', 'type'));
  if (!seccomp || !ALLOWED_SECCOMP.includes(seccomp)) {
    add(seccomp === 'Unconfined' ? Severity.KERNEL : Severity.HARDENING, `has seccompProfile ${seccomp ?? '(none)'}`);
  }
  if (sc?.procMount !== undefined && sc.procMount !== 'Default') add(Severity.KERNEL, `has procMount ${String(sc.procMount)}`);
  for (const port of objs(c.ports)) {
    if (port.hostPort !== undefined && port.hostPort !== 0) add(Severity.HOST_PORT, `uses hostPort ${String(port.hostPort)}`);
  }
  sharedContextProblems(sc, add);
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
  check(doc) {
    const pod = podSpec(doc) ?? {};
    const violations: Violation[] = [];
    podProblems(pod, violations);
    for (const list of [initContainers(pod), containers(pod), ephemeralContainers(pod)]) {
      list.forEach((c, i) => containerProblems(c, `container ${containerName(c, i)}`, pod, violations));
    }
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
