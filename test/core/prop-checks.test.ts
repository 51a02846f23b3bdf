import { Duration } from 'cdk8s';
import { checkProps, duration, int32, optional, stringMap, struct, text } from '../../src/core/prop-checks';
import { batchErrorOf as errorOf } from '../support/bad-input';

/** The checkers themselves, on cases the construct tests do not reach. */
describe('run-time prop checks', () => {
  const JSII_RTTI = Symbol.for('jsii.rtti');

  test('a Duration from a second copy of cdk8s (same jsii type name) is accepted; a look-alike is not', () => {
    // What a second installed copy of cdk8s hands over: another class, stamped with the same jsii name.
    class SecondCopyDuration {
      public static readonly [JSII_RTTI] = { fqn: 'cdk8s.Duration', version: '2.0.0' };
    }
    class LookAlike {
      public static readonly [JSII_RTTI] = { fqn: 'other.Duration', version: '1.0.0' };
    }
    const shape = struct({ timeout: optional(duration()) });
    expect(() => checkProps('Example', { timeout: Duration.seconds(5) }, shape)).not.toThrow();
    expect(() => checkProps('Example', { timeout: new SecondCopyDuration() }, shape)).not.toThrow();
    const error = errorOf(() => checkProps('Example', { timeout: new LookAlike() }, shape));
    expect(error.message).toBe('[cdk8s-batch] Example: invalid timeout {}: a Duration (e.g. Duration.minutes(5)), not an instance of LookAlike');
  });

  test('an own __proto__ key (as JSON.parse makes it) is refused by name, in maps and structs', () => {
    const map = JSON.parse('{"__proto__": "x"}');
    expect(errorOf(() => checkProps('Example', { labels: map }, struct({ labels: optional(stringMap()) }))).prop).toBe('labels.__proto__');
    expect(errorOf(() => checkProps('Example', JSON.parse('{"constructor": 1}'), struct({}))).prop).toBe('constructor');
  });

  test('a lone UTF-16 surrogate, in a value or a map key, is refused: Kubernetes cannot read its YAML escape', () => {
    const shape = struct({ note: optional(text()), labels: optional(stringMap()) });
    expect(() => checkProps('Example', { note: 'emoji \u{1F4C5} is a pair', labels: { 'k\u{1F4C5}': 'v' } }, shape)).not.toThrow();
    const inValue = errorOf(() => checkProps('Example', { note: 'a\uD800b' }, shape));
    expect(inValue.prop).toBe('note');
    expect(inValue.message).toMatch(/lone surrogate U\+D800 at index 1, which no YAML reader accepts$/);
    const trailingLow = errorOf(() => checkProps('Example', { note: '\uDC00' }, shape));
    expect(trailingLow.message).toMatch(/lone surrogate U\+DC00 at index 0/);
    expect(errorOf(() => checkProps('Example', { labels: { 'k\uDBFF': 'v' } }, shape)).prop).toBe('labels.k\uDBFF');
  });

  test('int32 bounds are inclusive and the value is printed as written', () => {
    const shape = struct({ n: optional(int32()) });
    expect(() => checkProps('Example', { n: 2147483647 }, shape)).not.toThrow();
    expect(() => checkProps('Example', { n: -2147483648 }, shape)).not.toThrow();
    expect(errorOf(() => checkProps('Example', { n: -2147483649 }, shape)).value).toBe('-2147483649');
    expect(errorOf(() => checkProps('Example', { n: -Infinity }, shape)).message).toMatch(/invalid n -Infinity: .*not -Infinity$/);
  });

  test('a non-object where the props belong names "(props)"', () => {
    expect(errorOf(() => checkProps('Example', 'props', struct({}))).message)
      .toBe('[cdk8s-batch] Example: invalid (props) "props": an object with the documented fields (a struct), not a string');
  });
});
