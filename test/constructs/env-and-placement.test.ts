/**
 * Environment variables (names, Secret references, credentials in plain env) and node placement
 * (never on control-plane nodes): exact error texts, and the inputs that must still pass.
 */
import { ReconciliationCronJob } from '../../src';
import { credentialInName, credentialInValue, nameTokens, redactCredentials } from '../../src/core/credentials';
import { isConfigMapKey, isEnvVarName } from '../../src/core/names';
import { BatchValidationError } from '../../src/errors';
import { reconciliationProps } from '../support/fixtures';
import { only, synthChart, testChart } from '../support/synth';

const container = reconciliationProps().container;

/** The message of the BatchValidationError that building with these props throws. */
function errorOf(props: Record<string, unknown>): string {
  try {
    new ReconciliationCronJob(testChart(), 'daily', reconciliationProps(props as any));
  } catch (e) {
    expect(e).toBeInstanceOf(BatchValidationError);
    return (e as Error).message;
  }
  throw new Error('expected a BatchValidationError, but the construct was built');
}

function podSpecOf(props: Record<string, unknown>): any {
  const manifests = synthChart((chart) => new ReconciliationCronJob(chart, 'daily', reconciliationProps(props as any)));
  return only(manifests, 'CronJob').spec.jobTemplate.spec.template.spec;
}

const ENV_RULE = 'an environment variable name must consist of letters, digits, \'_\', \'-\' or \'.\', ' +
  'must not start with a digit and must not be "." or ".." or start with ".." (Kubernetes IsEnvVarName). ' +
  'Kubernetes 1.34 accepts any printable ASCII except \'=\' (RelaxedEnvironmentVariableValidation, on by default since 1.32), ' +
  'but API servers before 1.32 reject such names, and these manifests target Kubernetes 1.28 and later';
const KEY_RULE = 'a Secret key: letters, digits, \'-\', \'_\' and \'.\', at most 253 characters, ' +
  'not "." or ".." and not starting with ".." (Kubernetes IsConfigMapKey)';
const SECRET_NAME_RULE = 'a Secret name in the workload\'s namespace: a DNS-1123 subdomain (lower-case letters, digits, \'-\' and \'.\', ' +
  'starting and ending with a letter or digit, at most 253 characters)';
const USE_SECRET_ENV = 'pass it with container.secretEnv (a Secret reference), never as a literal value';

describe('secretEnv entries are checked against Kubernetes\' rules', () => {
  const secretEnv = (entry: Record<string, unknown>) => ({ container: { ...container, secretEnv: [{ name: 'DB_PASSWORD', secretName: 'db', key: 'password', ...entry }] } });

  test.each([
    ['Not A Name', 'name', ENV_RULE],
    ['a b', 'name', ENV_RULE],
    ['a\nb', 'name', ENV_RULE],
    ['1PASSWORD', 'name', ENV_RULE],
    ['..PASSWORD', 'name', ENV_RULE],
    ['A=B', 'name', ENV_RULE],
    ['Ledger-DB', 'secretName', SECRET_NAME_RULE],
    ['ledger_db', 'secretName', SECRET_NAME_RULE],
    ['../../k', 'secretName', SECRET_NAME_RULE],
    ['', 'secretName', SECRET_NAME_RULE],
    ['../../k', 'key', KEY_RULE],
    ['a b', 'key', KEY_RULE],
    ['a\nb', 'key', KEY_RULE],
    ['.', 'key', KEY_RULE],
    ['..', 'key', KEY_RULE],
    ['..data', 'key', KEY_RULE],
    ['k'.repeat(254), 'key', KEY_RULE],
    ['', 'key', KEY_RULE],
  ])('%j as %s is refused', (value, field, rule) => {
    expect(errorOf(secretEnv({ [field]: value }))).toBe(`[cdk8s-batch] test/daily: invalid container.secretEnv[0].${field} ${JSON.stringify(value)}: ${rule}`);
  });

  test('names, Secret names and keys at the edge of the rules are accepted', () => {
    const entries = [
      { name: 'my.env-name', secretName: 'ledger.db-1', key: '.dotfile' },
      { name: '_PRIVATE', secretName: 'a'.repeat(253), key: 'k'.repeat(253) },
      { name: 'MyEnvName1', secretName: 'db', key: 'tls.key' },
    ];
    const env = podSpecOf({ container: { ...container, secretEnv: entries } }).containers[0].env;
    const refs = env.filter((e: any) => e.valueFrom?.secretKeyRef)
      .map((e: any) => [e.name, e.valueFrom.secretKeyRef.name, e.valueFrom.secretKeyRef.key]);
    expect(refs).toEqual([
      ['MyEnvName1', 'db', 'tls.key'],
      ['_PRIVATE', 'a'.repeat(253), 'k'.repeat(253)],
      ['my.env-name', 'ledger.db-1', '.dotfile'],
    ]);
  });

  test('an entry that is not an object is refused (by the run-time prop check, before the Kubernetes rules)', () => {
    expect(errorOf({ container: { ...container, secretEnv: [null] } })).toBe('[cdk8s-batch] test/daily: invalid container.secretEnv[0] null: a value (lists may not have holes)');
  });

  test('the name and key predicates follow apimachinery (IsEnvVarName, IsConfigMapKey)', () => {
    for (const name of ['A', 'a', '_', '-', '.a', 'a..b', 'MY_ENV.NAME', 'my.env-name']) expect(isEnvVarName(name)).toBe(true);
    for (const name of ['', '.', '..', '..a', '1A', 'A B', 'A=B', 'Ä', 5, undefined]) expect(isEnvVarName(name)).toBe(false);
    for (const key of ['a', '.a', 'a..', '-', '_', 'key.name', 'KEY_NAME', 'k'.repeat(253)]) expect(isConfigMapKey(key)).toBe(true);
    for (const key of ['', '.', '..', '..a', 'a/b', 'a b', 'k'.repeat(254), 7, null]) expect(isConfigMapKey(key)).toBe(false);
  });
});

describe('plain env names follow the same rule', () => {
  test.each(['Not A Name', 'a\nb', '1BAD', '..', 'A=B'])('%j is refused', (name) => {
    expect(errorOf({ container: { ...container, env: { [name]: 'x' } } })).toBe(`[cdk8s-batch] test/daily: invalid container.env ${JSON.stringify(name)}: ${ENV_RULE}`);
  });
});

describe('credentials never go into plain env', () => {
  test.each([
    ['DB_PASS', 'PASS'],
    ['PWD', 'PWD'],
    ['DB_PWD', 'PWD'],
    ['ACCESS_KEY', 'ACCESS_KEY'],
    ['AWS_ACCESS_KEY_ID', 'ACCESS_KEY'],
    ['awsSecretAccessKey', 'ACCESS_KEY'],
    ['AUTH', 'AUTH'],
    ['BEARER', 'BEARER'],
    ['SESSION_COOKIE', 'COOKIE'],
    ['CREDS', 'CREDS'],
    ['DB_PASSWORD', 'PASSWORD'],
    ['SMTP_PASSWD', 'PASSWD'],
    ['GITHUB_TOKEN', 'TOKEN'],
    ['OAUTH_CLIENT_SECRET', 'SECRET'],
    ['STRIPE_API_KEY', 'API_KEY'],
    ['apiKey', 'API_KEY'],
    ['APIKEY', 'APIKEY'],
    ['JWT_SIGNING_KEY', 'SIGNING_KEY'],
    ['TLS_PRIVATE_KEY', 'PRIVATE_KEY'],
    ['GOOGLE_APPLICATION_CREDENTIALS', 'CREDENTIALS'],
    ['AUTH_TOKEN', 'TOKEN'],
    ['AUTHORIZATION', 'AUTHORIZATION'],
    ['KEY_PASSPHRASE', 'PASSPHRASE'],
  ])('name %s is refused (%s)', (name, words) => {
    expect(credentialInName(name)).toBe(words);
    expect(errorOf({ container: { ...container, env: { [name]: 'x' } } }))
      .toBe(`[cdk8s-batch] test/daily: invalid container.env ${JSON.stringify(name)}: looks like a credential (the name says ${words}): ${USE_SECRET_ENV}`);
  });

  test.each([
    'PASSENGER_COUNT', 'KEYSPACE', 'AUTHOR', 'TOKEN_TTL_SECONDS', 'PASSWORD_FILE', 'AUTH_URL', 'COOKIE_NAME', 'SECRET_NAME',
    'CACHE_KEY_PREFIX', 'KMS_KEY_ID', 'PRIMARY_KEY_COLUMN', 'COMPASS_HOST', 'BYPASS_CACHE', 'SESSION_TIMEOUT', 'AUTH_ENABLED',
    'BASIC_AUTH_USER', 'TOKEN_ENDPOINT', 'PUBLIC_KEY', 'KEYBOARD_LAYOUT', 'OAUTH_ISSUER',
  ])('name %s is accepted', (name) => {
    expect(credentialInName(name)).toBeUndefined();
    const env = podSpecOf({ container: { ...container, env: { [name]: 'x' } } }).containers[0].env;
    expect(env).toContainEqual({ name, value: 'x' });
  });

  test.each([
    ['DATABASE_URL', 'postgres://admin:hunter2@db/x', 'postgres://admin:***@db/x', 'a password in the URL (user:password@)'],
    ['BROKER', 'amqp://svc:s3cr%40t@rabbit:5672/vhost', 'amqp://svc:***@rabbit:5672/vhost', 'a password in the URL (user:password@)'],
    ['REDIS', 'redis://:only-a-password@cache:6379/0', 'redis://:***@cache:6379/0', 'a password in the URL (user:password@)'],
    ['JDBC', 'jdbc:postgresql://db/x?user=app&password=hunter2', 'jdbc:postgresql://db/x?user=app&password=***', 'a password parameter'],
    ['CONNECTION_STRING', 'Server=db;Database=x;User Id=app;Password=hunter2;', 'Server=db;Database=x;User Id=app;Password=***;', 'a password parameter'],
    ['SIGNER', '-----BEGIN RSA PRIVATE KEY-----\nMIIE...', '(redacted)', 'a PEM private key'],
    ['UPSTREAM_HEADER', 'Bearer eyJhbGciOiJIUzI1NiJ9', '(redacted)', 'an Authorization header value'],
  ])('value of %s is refused, shown masked', (name, value, masked, what) => {
    expect(credentialInValue(value)).toBe(what);
    expect(redactCredentials(value)).toBe(masked);
    expect(errorOf({ container: { ...container, env: { [name]: value } } }))
      .toBe(`[cdk8s-batch] test/daily: invalid container.env.${name} ${JSON.stringify(masked)}: the value holds ${what} (shown masked): ${USE_SECRET_ENV}`);
  });

  test.each([
    'postgres://admin@db/x', 'https://api.example.com:8443/v1', 'http://host:8080/path@x', 's3://bucket/key', 'mailto:ops@example.com',
    'user@example.com', 'amqp://rabbit:5672/vhost', 'PASSWORD', 'password-reset', 'Bearer', '',
  ])('value %j is accepted', (value) => {
    expect(credentialInValue(value)).toBeUndefined();
    const env = podSpecOf({ container: { ...container, env: { SETTING: value } } }).containers[0].env;
    expect(env).toContainEqual({ name: 'SETTING', value });
  });

  test('names are split at _, -, . and camelCase boundaries', () => {
    expect(nameTokens('awsAccessKeyId')).toEqual(['AWS', 'ACCESS', 'KEY', 'ID']);
    expect(nameTokens('APIKey')).toEqual(['API', 'KEY']);
    expect(nameTokens('db.pass-word_X')).toEqual(['DB', 'PASS', 'WORD', 'X']);
  });
});

describe('batch pods are never placed on control-plane nodes', () => {
  const REFUSAL = 'batch pods must not be scheduled on control-plane nodes (node-role.kubernetes.io/control-plane, ' +
    'node-role.kubernetes.io/master, kubernetes.io/role=master): label a worker node pool and use its key';

  test.each([
    [{ labelKey: 'node-role.kubernetes.io/control-plane', labelValue: '' }, 'node-role.kubernetes.io/control-plane='],
    [{ labelKey: 'node-role.kubernetes.io/control-plane' }, 'node-role.kubernetes.io/control-plane=batch'],
    [{ labelKey: 'node-role.kubernetes.io/master', labelValue: 'true' }, 'node-role.kubernetes.io/master=true'],
    [{ labelKey: 'kubernetes.io/role', labelValue: 'master' }, 'kubernetes.io/role=master'],
    [{ labelKey: 'kubernetes.io/role', labelValue: 'control-plane' }, 'kubernetes.io/role=control-plane'],
  ])('nodePool %j is refused', (nodePool, shown) => {
    expect(errorOf({ nodePool })).toBe(`[cdk8s-batch] test/daily: invalid nodePool.labelKey ${JSON.stringify(shown)}: ${REFUSAL}`);
  });

  test('worker pools, including one labelled by role, are accepted', () => {
    const spec = podSpecOf({ nodePool: { labelKey: 'node-role.kubernetes.io/batch', labelValue: '' } });
    expect(spec.nodeSelector).toEqual({ 'node-role.kubernetes.io/batch': '' });
    expect(podSpecOf({ nodePool: { labelKey: 'kubernetes.io/role', labelValue: 'batch' } }).nodeSelector).toEqual({ 'kubernetes.io/role': 'batch' });
  });
});
