/**
 * Verification codes: short enough to type from a printed certificate, impossible to misread, and
 * self-checking, so a mistyped code is told apart from a certificate that does not exist.
 *
 * Format: `CHRO-XXXX-XXXX-XC`: nine random characters and one check character, from an alphabet of 29
 * characters with no look-alikes (no 0/O, 1/I/L, U/V). 29 is prime and the weights 1..10 are distinct and
 * non-zero modulo 29, so the weighted check character catches every single wrong character and every
 * swap of two neighbours. The code is not a secret (it is printed on the certificate); the PDF's download
 * token is.
 */
export const CODE_PREFIX = 'CHRO';
export const CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTWXYZ';
/** Random characters in a code (29^9 ≈ 1.5 × 10^13 codes). */
export const CODE_RANDOM_LENGTH = 9;

const BASE = CODE_ALPHABET.length;

function checkCharacter(body: string): string {
  let sum = 0;
  for (let i = 0; i < body.length; i++) sum += (i + 1) * CODE_ALPHABET.indexOf(body[i]!);
  return CODE_ALPHABET[sum % BASE]!;
}

function format(body: string): string {
  return `${CODE_PREFIX}-${body.slice(0, 4)}-${body.slice(4, 8)}-${body.slice(8)}`;
}

/**
 * A new code. `randomInt(n)` returns a uniformly random integer in [0, n): pass crypto's `randomInt`
 * (tests pass a seeded one).
 */
export function generateCode(randomInt: (max: number) => number): string {
  let body = '';
  for (let i = 0; i < CODE_RANDOM_LENGTH; i++) body += CODE_ALPHABET[randomInt(BASE)];
  return format(body + checkCharacter(body));
}

/**
 * The code as stored (`CHRO-XXXX-XXXX-XC`) from what a person typed — any case, with or without the
 * prefix, spaces or dashes — or null when it cannot be a code (wrong length, a character outside the
 * alphabet, or a check character that does not match).
 */
export function normalizeCode(input: string): string | null {
  if (input.length > 64) return null;
  let compact = input.toUpperCase().replace(/[\s-]/g, '');
  if (compact.startsWith(CODE_PREFIX)) compact = compact.slice(CODE_PREFIX.length);
  if (compact.length !== CODE_RANDOM_LENGTH + 1) return null;
  for (const c of compact) if (!CODE_ALPHABET.includes(c)) return null;
  const body = compact.slice(0, CODE_RANDOM_LENGTH);
  if (checkCharacter(body) !== compact[CODE_RANDOM_LENGTH]) return null;
  return format(compact);
}
