import { AdmissionCheck } from '../admission-check';
import { celString } from '../cel';

/** The last path segment has a `:` and a non-empty tag after it (the rule's tagOf). */
const TAGGED = '(?s)^(?:.*/)?[^/:]*:[^/]+$';
const LATEST = '(?s)^(?:.*/)?[^/:]*:latest$';

export const imagePinnedCheck: AdmissionCheck = {
  ruleId: 'image-pinned',
  kinds: ['Job', 'CronJob', 'Deployment'],
  passes: (v) => v.everyContainer(['initContainers', 'containers', 'ephemeralContainers'],
    `has(c.image) && (c.image.contains("@") || (c.image.matches(${celString(TAGGED)}) && !c.image.matches(${celString(LATEST)})))`),
  message: () => 'an image is not pinned, so a retry can run different code than the first attempt; use a version tag or an @sha256 digest.',
};
