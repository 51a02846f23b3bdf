import { yaml } from '../doc-yaml';
import { RuleSeverity } from '../finding';
import { containerName, containers, ephemeralContainers, initContainers, podSpec, str } from '../manifest';
import { Rule } from '../rule';
import { POD_KINDS, isPodLevelTarget } from '../scope';

/** The tag of an image reference (after the last `:` that follows the last `/`), if any. */
function tagOf(image: string): string | undefined {
  const lastSlash = image.lastIndexOf('/');
  const colon = image.indexOf(':', lastSlash + 1);
  return colon < 0 ? undefined : image.slice(colon + 1);
}

function isPinned(image: string): boolean {
  if (image.includes('@')) return true;
  const tag = tagOf(image);
  return tag !== undefined && tag !== '' && tag !== 'latest';
}

export const imagePinned: Rule = {
  id: 'image-pinned',
  severity: RuleSeverity.ERROR,
  doc: {
    summary: 'Every image has a version tag other than `latest`, or a digest.',
    why: 'A retry, or a pod rescheduled to another node, pulls the image again. With `latest` or no tag it may' +
      ' run different code than the first attempt, halfway through a run.',
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
              image: registry.example.com/reports/export:latest
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
    `,
    references: [
      'https://kubernetes.io/docs/concepts/containers/images/#image-names',
    ],
  },
  appliesToText: 'workload (with scope all: every object that runs pods)',
  passesWhen: 'every image has a tag other than latest, or a digest',
  kinds: POD_KINDS,
  appliesTo: isPodLevelTarget,
  check(doc) {
    const pod = podSpec(doc);
    const unpinned: string[] = [];
    for (const list of [initContainers(pod), containers(pod), ephemeralContainers(pod)]) {
      list.forEach((c, i) => {
        const image = str(c.image);
        if (image === undefined || !isPinned(image)) unpinned.push(`${containerName(c, i)} (${image ?? 'no image'})`);
      });
    }
    if (unpinned.length === 0) return undefined;
    return `image of ${unpinned.join(', ')} is not pinned, so a retry can run different code than the first attempt; use a version tag or an @sha256 digest.`;
  },
};
