/**
 * Exact comparison of Kubernetes resource quantities ("100m", "1.5Gi", "2e3", 268435456).
 *
 * Floating point would make "100m" and "0.1" compare unequal by rounding; quantities are instead
 * scaled to integer nano-units as BigInt, the finest unit Kubernetes keeps (values below a nano
 * round up, as the API server does).
 */
const QUANTITY = /^([+-]?)(\d+(?:\.\d*)?|\.\d+)(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E|[eE][+-]?\d+)?$/;

const DECIMAL_EXPONENT: Record<string, number> = { n: -9, u: -6, m: -3, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const BINARY_EXPONENT: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };

/** The quantity in nano-units, or undefined when it is not a Kubernetes quantity. */
export function quantityNanos(quantity: unknown): bigint | undefined {
  const text = typeof quantity === 'number' && Number.isFinite(quantity) ? String(quantity) : quantity;
  if (typeof text !== 'string') {
    return undefined;
  }
  // Numbers serialize as 1e+21 for big values; that is also valid quantity syntax.
  const match = QUANTITY.exec(text);
  if (!match) {
    return undefined;
  }
  const [, sign, number, suffix = ''] = match;
  const [whole, fraction = ''] = number.split('.');
  let exponent10 = 9 - fraction.length;
  let exponent2 = 0;
  if (suffix in BINARY_EXPONENT) {
    exponent2 = BINARY_EXPONENT[suffix];
  } else if (suffix in DECIMAL_EXPONENT) {
    exponent10 += DECIMAL_EXPONENT[suffix];
  } else if (suffix !== '') {
    exponent10 += Number(suffix.slice(1));
  }
  let value = BigInt(`${whole}${fraction}` || '0') * 2n ** BigInt(exponent2);
  if (exponent10 >= 0) {
    value *= 10n ** BigInt(exponent10);
  } else {
    const divisor = 10n ** BigInt(-exponent10);
    value = (value + divisor - 1n) / divisor;
  }
  return sign === '-' ? -value : value;
}
