/**
 * A small RFC 4180 CSV parser: comma-separated fields, optional double quotes, `""` for a quote inside
 * quotes, line breaks (CRLF or LF) inside quoted fields, a leading UTF-8 BOM (Excel writes one)
 * ignored. Records that are entirely empty lines are skipped.
 *
 * (`csv-parse` is in node_modules only as a dependency of restify, not of this project, so it is not
 * used here.)
 */

export interface CsvRecord {
  /** 1-based line on which the record starts. */
  line: number;
  fields: string[];
}

export class CsvSyntaxError extends Error {
  constructor(
    readonly line: number,
    problem: string,
  ) {
    super(`line ${line}: ${problem}`);
    this.name = 'CsvSyntaxError';
  }
}

export function parseCsv(text: string): CsvRecord[] {
  const src = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = '';
  let line = 1;
  let recordLine = 1;
  let i = 0;
  // Whether the current field began with a quote (and so has been closed by one).
  let quotedField = false;

  const endRecord = (): void => {
    fields.push(field);
    if (!(fields.length === 1 && fields[0] === '' && !quotedField))
      records.push({ line: recordLine, fields });
    fields = [];
    field = '';
    quotedField = false;
  };

  while (i < src.length) {
    const c = src[i]!;
    if (c === '"' && field === '' && !quotedField) {
      // A quoted field: read to the closing quote.
      quotedField = true;
      const startLine = line;
      i++;
      for (;;) {
        if (i >= src.length) throw new CsvSyntaxError(startLine, 'a quoted field is never closed');
        const q = src[i]!;
        if (q === '"') {
          if (src[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        if (q === '\n') line++;
        field += q;
        i++;
      }
      const next = src[i];
      if (next !== undefined && next !== ',' && next !== '\n' && next !== '\r')
        throw new CsvSyntaxError(line, 'unexpected text after a closing quote');
      continue;
    }
    if (c === '"')
      throw new CsvSyntaxError(
        line,
        'a quote inside an unquoted field (wrap the field in quotes and double the quote)',
      );
    if (c === ',') {
      fields.push(field);
      field = '';
      quotedField = false;
      i++;
      continue;
    }
    if (c === '\r' || c === '\n') {
      endRecord();
      i += c === '\r' && src[i + 1] === '\n' ? 2 : 1;
      line++;
      recordLine = line;
      continue;
    }
    field += c;
    i++;
  }
  if (field !== '' || fields.length > 0 || quotedField) endRecord();
  return records;
}
