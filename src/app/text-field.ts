/**
 * A free-text field from a card or the API: trimmed; '' and absent → null; over `max` characters or
 * not a string → undefined (the caller reports it).
 */
export function textField(value: unknown, max: number): string | null | undefined {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') return undefined;
  const t = value.trim();
  if (t.length === 0) return null;
  return t.length > max ? undefined : t;
}
