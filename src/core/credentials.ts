/**
 * Recognises credentials handed to a container as plain environment variables, by name and by
 * value, so the constructs can refuse them and point at `secretEnv` (a Secret reference keeps
 * the value out of the manifest, out of Git and out of `kubectl get -o yaml`).
 *
 * A heuristic, tuned to refuse the common shapes and let common non-secrets through; the tests
 * in test/constructs/credentials.test.ts list both sides.
 */

/** Name tokens that name a credential on their own: DB_PASSWORD, GITHUB_TOKEN, SESSION_COOKIE. */
const SECRET_TOKENS = new Set([
  'PASSWORD', 'PASSWORDS', 'PASSWD', 'PASS', 'PWD', 'PASSPHRASE',
  'SECRET', 'SECRETS', 'TOKEN', 'TOKENS', 'CREDENTIAL', 'CREDENTIALS', 'CRED', 'CREDS',
  'AUTH', 'AUTHORIZATION', 'BEARER', 'COOKIE', 'COOKIES', 'JWT',
  // Single-word spellings of the KEY combinations below: APIKEY, accesskey.
  'APIKEY', 'ACCESSKEY', 'SECRETKEY', 'PRIVATEKEY', 'SIGNINGKEY',
]);

/** KEY is a credential only after one of these: API_KEY, AWS_ACCESS_KEY_ID, privateKey. */
const KEY_QUALIFIERS = new Set(['ACCESS', 'API', 'PRIVATE', 'SECRET', 'SIGNING', 'ENCRYPTION', 'MASTER', 'HMAC', 'SSH', 'LICENSE']);

/**
 * Tokens after the credential that make the name describe it instead of holding it:
 * TOKEN_TTL_SECONDS, PASSWORD_FILE (a path to a mounted Secret), AUTH_URL, COOKIE_NAME.
 */
const DESCRIBES_CREDENTIAL = new Set([
  'TTL', 'EXPIRY', 'EXPIRES', 'EXPIRATION', 'LIFETIME', 'TIMEOUT', 'AGE',
  'SECONDS', 'SECS', 'SEC', 'MS', 'MILLIS', 'MINUTES', 'MINS', 'HOURS', 'DAYS',
  'LENGTH', 'LEN', 'SIZE', 'MIN', 'MAX', 'COUNT', 'LIMIT', 'RETRIES',
  'URL', 'URI', 'ENDPOINT', 'HOST', 'PORT', 'PATH', 'FILE', 'DIR', 'NAME', 'TYPE', 'MODE', 'USER', 'USERNAME',
  'ENABLED', 'DISABLED', 'REQUIRED', 'HEADER', 'ISSUER', 'AUDIENCE', 'SCOPE', 'SCOPES',
  'DOMAIN', 'SECURE', 'SAMESITE', 'POLICY', 'ALGORITHM', 'ROTATION', 'VERSION', 'PROVIDER', 'METHOD',
]);

/**
 * Splits an environment variable name into upper-case words at '_', '-', '.' and camelCase
 * boundaries: `awsAccessKeyId` and `AWS_ACCESS_KEY_ID` both give AWS, ACCESS, KEY, ID.
 * @internal
 */
export function nameTokens(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter((t) => t.length > 0)
    .map((t) => t.toUpperCase());
}

/**
 * The words of `name` that mark it as a credential (e.g. "ACCESS_KEY"), or undefined when the
 * name does not look like one.
 * @internal
 */
export function credentialInName(name: string): string | undefined {
  const tokens = nameTokens(name);
  let found: { at: number; words: string } | undefined;
  tokens.forEach((token, i) => {
    if (SECRET_TOKENS.has(token)) {
      found = { at: i, words: token };
    } else if (token === 'KEY' && i > 0 && KEY_QUALIFIERS.has(tokens[i - 1])) {
      found = { at: i, words: `${tokens[i - 1]}_KEY` };
    }
  });
  if (!found) return undefined;
  const describes = tokens.slice(found.at + 1).some((t) => DESCRIBES_CREDENTIAL.has(t));
  return describes ? undefined : found.words;
}

/** `scheme://user:password@host`: a non-empty password in a URL's userinfo. */
const URL_WITH_PASSWORD = /[A-Za-z][A-Za-z0-9+.-]*:\/\/[^\s/?#@:]*:([^\s/?#@]+)@/;
/** `...;Password=x`, `?password=x`, ` pwd=x`: a password parameter of a connection string. */
const PASSWORD_PARAMETER = /(?:^|[;&?\s])(?:password|passwd|pwd|pass)=([^;&\s]+)/i;
/** A PEM private key block. */
const PEM_PRIVATE_KEY = /-----BEGIN (?:[A-Z]+ )*PRIVATE KEY-----/;
/** An `Authorization` header value. */
const BEARER_VALUE = /^\s*(?:Bearer|Basic)\s+\S{8,}/i;

/**
 * What in `value` is a credential (e.g. "a password in the URL"), or undefined.
 * @internal
 */
export function credentialInValue(value: string): string | undefined {
  if (URL_WITH_PASSWORD.test(value)) return 'a password in the URL (user:password@)';
  if (PASSWORD_PARAMETER.test(value)) return 'a password parameter';
  if (PEM_PRIVATE_KEY.test(value)) return 'a PEM private key';
  if (BEARER_VALUE.test(value)) return 'an Authorization header value';
  return undefined;
}

/**
 * The value with every password found by credentialInValue masked, so the error message that
 * refuses it does not print it into a CI log.
 * @internal
 */
export function redactCredentials(value: string): string {
  if (PEM_PRIVATE_KEY.test(value) || BEARER_VALUE.test(value)) return '(redacted)';
  return value
    .replace(new RegExp(URL_WITH_PASSWORD.source, 'g'), (match, password: string) => match.slice(0, match.length - password.length - 1) + '***@')
    .replace(new RegExp(PASSWORD_PARAMETER.source, 'gi'), (match, password: string) => match.slice(0, match.length - password.length) + '***');
}
