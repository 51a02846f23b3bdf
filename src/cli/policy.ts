import { parseArgs } from 'util';
import * as yaml from 'js-yaml';
import { AdmissionEnforcement, buildAdmissionPolicyObjects } from '../admission/policy-objects';
import { BatchValidationError } from '../errors';
import { escapeControl } from './format/text';
import { CliIo } from './io';
import { usageMessage } from './usage-message';

/**
 * `cdk8s-batch policy`: the ValidatingAdmissionPolicies and bindings of the BatchAdmissionPolicy
 * construct as YAML on standard output, for teams that do not use cdk8s
 * (`cdk8s-batch policy --enforcement warn | kubectl apply -f -`).
 */

const NAME = 'cdk8s-batch';

export const POLICY_HELP = `Usage: ${NAME} policy [options]

Writes the ValidatingAdmissionPolicies (admissionregistration.k8s.io/v1,
Kubernetes 1.30+) and their bindings that enforce, in the API server, the
rules decidable from one object; the same objects as the BatchAdmissionPolicy
construct. See docs/admission.md.

Options:
      --enforcement MODE         deny (default): objects that break an error
                                 rule are rejected; warn: admitted with a
                                 warning and an audit annotation (roll out
                                 with warn first). Warning rules always warn.
      --annotation-prefix P      prefix of the labels/annotations the rules
                                 read (default platform.example.com)
      --kubernetes-version X.Y   the target version, 1.30 or later
      --exclude-namespace NS     a namespace never checked (repeatable;
                                 default kube-system, kube-public,
                                 kube-node-lease; giving one replaces them)
      --batch-pool KEY=VALUE     node label of the batch pool (default
                                 workload-tier=batch)
  -h, --help                     show this help
`;

/** Runs the command with the arguments after `policy`; returns the exit status. */
export function runPolicy(argv: readonly string[], io: CliIo): number {
  try {
    const { values, positionals } = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        'enforcement': { type: 'string' },
        'annotation-prefix': { type: 'string' },
        'kubernetes-version': { type: 'string' },
        'exclude-namespace': { type: 'string', multiple: true },
        'batch-pool': { type: 'string' },
        'help': { type: 'boolean', short: 'h' },
      },
    });
    if (values.help) {
      io.stdout(POLICY_HELP);
      return 0;
    }
    if (positionals.length > 0) throw new UsageError(`policy takes no PATH (got ${positionals.join(' ')}); it writes YAML to standard output`);
    const enforcement = parseEnforcement(values.enforcement);
    const pool = parseBatchPool(values['batch-pool']);
    const objects = buildAdmissionPolicyObjects({
      where: `${NAME} policy`,
      enforcement,
      annotationPrefix: values['annotation-prefix'],
      kubernetesVersion: values['kubernetes-version'],
      excludedNamespaces: values['exclude-namespace'],
      batchPoolKey: pool?.key,
      batchPoolValue: pool?.value,
    });
    io.stdout(objects.map((o) => yaml.dump(o, { lineWidth: -1, noRefs: true })).join('---\n'));
    return 0;
  } catch (e) {
    if (e instanceof UsageError || e instanceof BatchValidationError || (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.stderr(`${NAME}: ${escapeControl(usageMessage(e as Error))}\nRun "${NAME} policy --help" for usage.\n`);
      return 2;
    }
    throw e;
  }
}

class UsageError extends Error {}

function parseEnforcement(value: string | undefined): AdmissionEnforcement | undefined {
  if (value === undefined) return undefined;
  const modes: readonly string[] = Object.values(AdmissionEnforcement);
  if (!modes.includes(value)) throw new UsageError(`--enforcement "${value}" is not one of ${modes.join(', ')}`);
  return value as AdmissionEnforcement;
}

function parseBatchPool(value: string | undefined): { key: string; value: string } | undefined {
  if (value === undefined) return undefined;
  const eq = value.indexOf('=');
  if (eq <= 0) throw new UsageError(`--batch-pool "${value}" is not KEY=VALUE, e.g. workload-tier=batch`);
  return { key: value.slice(0, eq), value: value.slice(eq + 1) };
}
