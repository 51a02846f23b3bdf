import { yaml } from '../doc-yaml';
import { RuleSeverity } from '../finding';
import { Obj, containerName, containers, ephemeralContainers, initContainers, str } from '../manifest';
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

/** Appends each container of a list whose image is not pinned; the list is only created for the first one. */
function unpinnedImages(list: readonly Obj[], out: string[] | undefined): string[] | undefined {
  for (let i = 0; i < list.length; i++) {
    const image = str(list[i].image);
    if (image === undefined || !isPinned(image)) (out ??= []).push(`${containerName(list[i], i)} (${image ?? 'no image'})`);
  }
  return out;
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
  check(doc, ctx) {
    const pod = ctx.podSpec(doc);
    let unpinned = unpinnedImages(initContainers(pod), undefined);
    unpinned = unpinnedImages(containers(pod), unpinned);
    unpinned = unpinnedImages(ephemeralContainers(pod), unpinned);
    if (unpinned === undefined) return undefined;
    return `image of ${unpinned.join(', ')} is not pinned, so a retry can run different code than the first attempt; use a version tag or an @sha256 digest.`;
  },
};
