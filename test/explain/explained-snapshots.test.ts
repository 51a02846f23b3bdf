import { explainedChart, parseYaml11 } from '../support/explained';
import { EXPLAINED_CASES } from '../support/explained-cases';

/**
 * The explained YAML of each construct, as a reviewer reads it in a pull request. Behaviour is
 * asserted in completeness.test.ts and comment-writer.test.ts; here the same output must parse
 * to the objects plain synth writes, and explaining it again must change nothing.
 */
describe.each(EXPLAINED_CASES)('$name', ({ id, props, build }) => {
  const { text, plain } = explainedChart((chart) => build(chart, id, props));

  test('parses to the same objects as plain synth (YAML 1.1)', () => {
    expect(parseYaml11(text)).toEqual(parseYaml11(plain));
  });

  test('explained YAML for review', () => {
    expect(text).toMatchSnapshot();
  });
});
