import { RuleSeverity } from '../finding';
import {
  Obj, containerName, containers, ephemeralContainers, initContainers, obj, objs, path, podSpec, str, strs,
} from '../manifest';
import { Rule } from '../rule';
import { isWorkload } from '../scope';

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
/** How many violations a message lists before summarising. */
const SHOWN = 6;

/** Baseline checks that read the same fields at pod and container level; phrases without a subject. */
function sharedContextProblems(sc: Obj | undefined, problems: string[]): void {
  const selinux = obj(sc?.seLinuxOptions);
  if (selinux) {
    const type = str(selinux.type);
    if (type && !SELINUX_TYPES.has(type)) problems.push(`has seLinuxOptions.type ${type}`);
    if (selinux.user || selinux.role) problems.push('sets seLinuxOptions user/role');
  }
  if (path(sc, 'windowsOptions', 'hostProcess') === true) problems.push('is a Windows hostProcess');
  if (path(sc, 'appArmorProfile', 'type') === 'Unconfined') problems.push('has AppArmor Unconfined');
  if (sc?.runAsUser === 0) problems.push('sets runAsUser 0');
}

function podProblems(pod: Obj): string[] {
  const problems: string[] = [];
  for (const field of HOST_NAMESPACES) if (pod[field] === true) problems.push(`${field}: true`);
  for (const volume of objs(pod.volumes)) {
    const sources = Object.keys(volume).filter((k) => k !== 'name');
    const bad = sources.filter((k) => !ALLOWED_VOLUMES.has(k));
    if (bad.length) problems.push(`volume ${str(volume.name) ?? '?'} uses ${bad.join(', ')}`);
  }
  const sc = obj(pod.securityContext);
  for (const sysctl of objs(sc?.sysctls)) {
    const name = str(sysctl.name) ?? '?';
    if (!SAFE_SYSCTLS.has(name)) problems.push(`unsafe sysctl ${name}`);
  }
  const shared: string[] = [];
  sharedContextProblems(sc, shared);
  for (const phrase of shared) problems.push(`pod ${phrase}`);
  return problems;
}

/** What a container breaks, as phrases without the container's name (most containers pass). */
function containerProblems(c: Obj, pod: Obj): string[] {
  const problems: string[] = [];
  const sc = obj(c.securityContext);
  const podSc = obj(pod.securityContext);
  if (sc?.privileged === true) problems.push('is privileged');
  if (sc?.allowPrivilegeEscalation !== false) problems.push('does not set allowPrivilegeEscalation: false');
  const caps = obj(sc?.capabilities);
  if (!strs(caps?.drop).includes('ALL')) problems.push('does not drop ALL capabilities');
  const added = strs(caps?.add).filter((cap) => cap !== 'NET_BIND_SERVICE');
  if (added.length) problems.push(`adds capabilities ${added.join(', ')}`);
  const nonRoot = typeof sc?.runAsNonRoot === 'boolean' ? sc.runAsNonRoot : podSc?.runAsNonRoot;
  if (nonRoot !== true) problems.push('does not run with runAsNonRoot: true');
  const seccomp = str(path(sc, 'seccompProfile', 'type')) ?? str(path(podSc, 'seccompProfile', 'type'));
  if (!seccomp || !ALLOWED_SECCOMP.includes(seccomp)) problems.push(`has seccompProfile ${seccomp ?? '(none)'}`);
  if (sc?.procMount !== undefined && sc.procMount !== 'Default') problems.push(`has procMount ${String(sc.procMount)}`);
  for (const port of objs(c.ports)) {
    if (port.hostPort !== undefined && port.hostPort !== 0) problems.push(`uses hostPort ${String(port.hostPort)}`);
  }
  sharedContextProblems(sc, problems);
  return problems;
}

export const podSecurityRestricted: Rule = {
  id: 'pod-security-restricted',
  severity: RuleSeverity.ERROR,
  lesson: '24',
  appliesToText: 'workload',
  passesWhen: 'the pod meets the Kubernetes "restricted" Pod Security Standard',
  appliesTo: isWorkload,
  check(doc) {
    const pod = podSpec(doc) ?? {};
    const problems = podProblems(pod);
    for (const list of [initContainers(pod), containers(pod), ephemeralContainers(pod)]) {
      list.forEach((c, i) => {
        for (const phrase of containerProblems(c, pod)) problems.push(`container ${containerName(c, i)} ${phrase}`);
      });
    }
    if (problems.length === 0) return undefined;
    const more = problems.length > SHOWN ? ` (and ${problems.length - SHOWN} more)` : '';
    return `the pod would be rejected in a namespace enforcing the "restricted" Pod Security Standard: ${problems.slice(0, SHOWN).join('; ')}${more}; set runAsNonRoot: true, seccompProfile RuntimeDefault, and per container allowPrivilegeEscalation: false and capabilities.drop [ALL], with no host namespaces, ports or paths.`;
  },
};
