/**
 * Checking JSON that came from outside (a code host's export, an import file a person may have edited), field by
 * field, so that every failure is one line naming the entry and the field.
 */

export type Entry = Record<string, unknown>;
export const isObject = (value: unknown): value is Entry => typeof value === 'object' && value !== null && !Array.isArray(value);

/** A value from the file, safe to put in a one-line message. */
export function shown(value: unknown): string {
  const text = typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
  const clean = text.replace(/[\x00-\x1f\x7f\u202a-\u202e\u2066-\u2069]/g, ' ');
  return JSON.stringify(clean.length > 120 ? `${clean.slice(0, 120)}…` : clean);
}

export function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

const firstLine = (text: string) => text.split('\n')[0]!.trim();

/** The parsed text, or `fail` with the first line of what JSON.parse said. */
export function parseJson(text: string, fail: (detail: string) => never): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    return fail(`is not JSON (${firstLine(error instanceof Error ? error.message : String(error))})`);
  }
}

/** Checks the fields of one entry; every failure names the entry (or stored item) and the field. */
export class FieldReader {
  constructor(
    private readonly entry: Entry,
    private readonly where: string,
    private readonly fail: (detail: string) => never,
  ) {}

  has(key: string): boolean {
    return this.entry[key] !== undefined && this.entry[key] !== null;
  }

  value(key: string): unknown {
    if (!this.has(key)) this.fail(`${this.where} has no "${key}"`);
    return this.entry[key];
  }

  string(key: string): string {
    const value = this.value(key);
    if (typeof value !== 'string') this.fail(`${this.where} has a "${key}" that is not text`);
    return value;
  }

  positive(key: string): number {
    const value = this.value(key);
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value <= 0)
      this.fail(`${this.where} has a "${key}" that is not a positive whole number: ${shown(value)}`);
    return value;
  }

  object(key: string): FieldReader {
    const value = this.value(key);
    if (!isObject(value)) this.fail(`${this.where} has a "${key}" that is not an object`);
    return new FieldReader(value, `${this.where}'s "${key}"`, this.fail);
  }

  /** An https address; `page` says which kind of page it must be and returns the parts of its path that matter. */
  https(key: string, page?: { pattern: RegExp; what: string }): { url: URL; match: RegExpExecArray | null } {
    const value = this.string(key);
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      return this.fail(`${this.where} has a "${key}" that is not a web address: ${shown(value)}`);
    }
    if (url.protocol !== 'https:') this.fail(`${this.where} has a "${key}" that is not https: ${shown(value)}`);
    let pathname = url.pathname;
    try {
      pathname = decodeURIComponent(pathname);
    } catch {
      // a malformed escape stays as written: the page pattern then decides
    }
    const match = page ? page.pattern.exec(pathname) : null;
    if (page && !match) this.fail(`${this.where} has a "${key}" that is not ${page.what}: ${shown(value)}`);
    return { url, match };
  }

  /** An ISO date, or undefined for none (gh writes Go's zero time, 0001-01-01T00:00:00Z, for an open request). */
  date(key: string): string | undefined {
    if (!this.has(key)) return undefined;
    const value = this.string(key);
    if (value === '' || value.startsWith('0001-01-01')) return undefined;
    if (!/^\d{4}-\d{2}-\d{2}T/.test(value) || Number.isNaN(Date.parse(value))) this.fail(`${this.where} has a "${key}" that is not a date: ${shown(value)}`);
    return value;
  }
}
