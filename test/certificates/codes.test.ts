import { randomInt } from 'node:crypto';
import fc from 'fast-check';
import { CODE_ALPHABET, CODE_PREFIX, generateCode, normalizeCode } from '../../src/domain/certificates/code';
import { formatDuration, recipientKey, validateIssueInput } from '../../src/domain/certificates/rules';
import { ValidationError } from '../../src/domain/errors';
import type { IssueCertificateInput } from '../../src/domain/certificates/types';

const FORMAT = new RegExp(
  `^${CODE_PREFIX}-[${CODE_ALPHABET}]{4}-[${CODE_ALPHABET}]{4}-[${CODE_ALPHABET}]{2}$`,
);

/** A seeded source of randomness for generateCode. */
const seeded = (values: number[]) => {
  let i = 0;
  return (max: number) => values[i++ % values.length]! % max;
};

describe('verification codes', () => {
  it('look like CHRO-XXXX-XXXX-XC and use no look-alike characters', () => {
    for (let i = 0; i < 200; i++) expect(generateCode(randomInt)).toMatch(FORMAT);
    for (const c of '01ILOUV') expect(CODE_ALPHABET).not.toContain(c);
  });

  it('are read back however a person types them: any case, spaces, with or without prefix and dashes', () => {
    const code = generateCode(randomInt);
    const compact = code.replace(/-/g, '');
    expect(normalizeCode(code)).toBe(code);
    expect(normalizeCode(code.toLowerCase())).toBe(code);
    expect(normalizeCode(compact.slice(CODE_PREFIX.length))).toBe(code);
    expect(normalizeCode(` ${compact.slice(0, 8)} ${compact.slice(8)} `)).toBe(code);
  });

  it('catch every single wrong character', () => {
    fc.assert(
      fc.property(
        fc.array(fc.nat(1000), { minLength: 9, maxLength: 9 }),
        fc.nat(9),
        fc.nat(CODE_ALPHABET.length - 2),
        (draws, position, shift) => {
          const code = generateCode(seeded(draws)).slice(CODE_PREFIX.length + 1);
          const chars = code.replace(/-/g, '').split('');
          const i = CODE_ALPHABET.indexOf(chars[position]!);
          chars[position] = CODE_ALPHABET[(i + shift + 1) % CODE_ALPHABET.length]!;
          expect(normalizeCode(chars.join(''))).toBeNull();
        },
      ),
    );
  });

  it('catch every swap of two neighbouring characters', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(1000), { minLength: 9, maxLength: 9 }), fc.nat(8), (draws, position) => {
        const chars = generateCode(seeded(draws)).slice(CODE_PREFIX.length).replace(/-/g, '').split('');
        fc.pre(chars[position] !== chars[position + 1]);
        [chars[position], chars[position + 1]] = [chars[position + 1]!, chars[position]!];
        expect(normalizeCode(chars.join(''))).toBeNull();
      }),
    );
  });

  it('refuse what cannot be a code', () => {
    for (const bad of [
      '',
      'CHRO',
      'CHRO-7K4P-9QXM',
      'CHRO-7K4P-9QXM-2D-2D',
      'CHRO-0K4P-9QXM-2D',
      'x'.repeat(500),
    ])
      expect(normalizeCode(bad)).toBeNull();
  });
});

const input = (over: Partial<IssueCertificateInput> = {}): IssueCertificateInput => ({
  recipient: { userId: null, name: '  Ana   Lima ', email: 'Ana@Example.org' },
  source: { kind: 'course', id: 'course-1', version: 2 },
  title: ' Preventing Sexual Harassment ',
  completedOn: '2026-03-14',
  durationMinutes: 120,
  issuedBy: null,
  ...over,
});

describe('issuing rules', () => {
  it('identify the recipient by staff id, else by email in any case', () => {
    expect(recipientKey({ userId: 'u1', name: 'A', email: 'a@b.org' })).toBe('user:u1');
    expect(recipientKey({ userId: null, name: 'A', email: ' Ana@Example.ORG ' })).toBe(
      'email:ana@example.org',
    );
  });

  it('tidy the printed name and title', () => {
    const clean = validateIssueInput(input());
    expect(clean.recipient.name).toBe('Ana Lima');
    expect(clean.title).toBe('Preventing Sexual Harassment');
  });

  it('name every bad field at once', () => {
    const bad = input({
      recipient: { userId: null, name: ' ', email: null },
      completedOn: '2026-02-30',
      durationMinutes: 0,
      title: '',
    });
    try {
      validateIssueInput(bad);
      throw new Error('accepted');
    } catch (e) {
      expect(e).toBeInstanceOf(ValidationError);
      expect((e as ValidationError).fieldErrors.map((f) => f.field).sort()).toEqual(
        ['completedOn', 'durationMinutes', 'recipient', 'recipient.name', 'title'].sort(),
      );
    }
  });

  it('print durations as people say them', () => {
    expect(formatDuration(45)).toBe('45 minutes');
    expect(formatDuration(60)).toBe('1 hour');
    expect(formatDuration(150)).toBe('2 hours 30 minutes');
    expect(formatDuration(61)).toBe('1 hour 1 minute');
  });
});
