import { Duration } from 'cdk8s';
import { ReconciliationCronJob } from '../../src';
import { appValues, commentsByPath, explainedChart, key, leaves, parseYaml11, show } from '../support/explained';
import { EXPLAINED_CASES as cases } from '../support/explained-cases';
import { reconciliationProps } from '../support/fixtures';

/**
 * Every field a construct decided carries a comment. The fields are derived, not listed: each
 * leaf of the synthesized output whose value the app did not write in its props (compared as
 * text, so `512Mi` from `Size.mebibytes(512)` counts as the app's) must have a `# why:` comment
 * on its own line or on an enclosing field's line. A field added later without a reason fails
 * here without anyone updating a list.
 */

/** A comment on these explains no field below them: it would hide every missing reason. */
const TOO_BROAD = new Set(['metadata', 'spec', 'template', 'jobTemplate']);

/** The leaves of an explained text that neither the app gave nor a comment explains. */
function unexplainedLeaves(text: string, given: Set<string>): string[] {
  const documents = parseYaml11(text) as Array<{ kind: string }>;
  const comments = commentsByPath(text);
  expect(comments).toHaveLength(documents.length);
  const unexplained: string[] = [];
  documents.forEach((doc, i) => {
    for (const leaf of leaves(doc)) {
      if (leaf.path[0] === 'apiVersion' || leaf.path[0] === 'kind') continue;
      if (typeof leaf.value !== 'object' && given.has(String(leaf.value))) continue;
      const covered = leaf.path.some((step, n) => comments[i].has(key(leaf.path.slice(0, n + 1)))
        && (n === leaf.path.length - 1 || !TOO_BROAD.has(String(step))));
      if (!covered) unexplained.push(`${doc.kind} ${show(leaf.path)}: ${JSON.stringify(leaf.value)}`);
    }
  });
  return unexplained;
}

describe('every decided field is explained', () => {
  test.each(cases)('$name', ({ id, props, build }) => {
    const { text, notes } = explainedChart((chart) => build(chart, id, props));
    expect(notes).toEqual([]);
    // The chart's namespace is the app's too.
    expect(unexplainedLeaves(text, new Set([...appValues(props, id), 'finance']))).toEqual([]);
  });

  test('the derivation finds a decided field whose comment is missing', () => {
    const props = reconciliationProps();
    const { text } = explainedChart((chart) => new ReconciliationCronJob(chart, 'ledger', props));
    const given = new Set([...appValues(props, 'ledger'), 'finance']);
    const withoutOne = text.replace(/^\s*# why: [^\n]*\n(\s*suspend: false)/m, '$1').replace(/(suspend: false) {2}# why: [^\n]*/, '$1');
    expect(withoutOne).not.toEqual(text);
    expect(unexplainedLeaves(withoutOne, given)).toEqual(['CronJob spec.suspend: false']);
  });

  test('a comment on spec or metadata explains nothing below it', () => {
    const text = 'apiVersion: v1\nkind: ConfigMap\nmetadata:  # why: everything\n  name: x\ndata:  # why: all of it\n  a: "1"\n';
    expect(unexplainedLeaves(text, new Set())).toEqual(['ConfigMap metadata.name: "x"']);
  });

  test('a value the app gave where the construct has a default says so', () => {
    const { text } = explainedChart((chart) => new ReconciliationCronJob(chart, 'ledger', reconciliationProps({
      backoffLimit: 4, startingDeadline: Duration.minutes(5),
    })));
    expect(text).toContain('backoffLimit: 4  # why: set by the app');
    expect(text).toContain('startingDeadlineSeconds: 300  # why: set by the app');
  });
});
