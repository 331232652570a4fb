import type { Person } from '../model';
import { runGitWithInput, type GitOptions } from './exec';

/** Who "me" is: every address that counts as mine, already resolved through .mailmap. */
export interface Identity {
  emails: string[];
  names: string[];
}

export function normaliseEmail(email: string): string {
  return email.trim().replace(/^<|>$/g, '').toLowerCase();
}

/** `git check-mailmap`'s answers by the line asked (`Name <email>` or `<email>`): a mailmap gives a line one answer. */
export type MailmapAnswers = Map<string, string>;

/**
 * Resolves people through the repository's .mailmap (and mailmap.file / mailmap.blob) with one
 * `git check-mailmap --stdin` call, exactly as git resolves `%aN`/`%aE`. Returns a map from lower-cased input email to
 * the canonical person. Lines `answers` holds already (given for the same mailmap) are not asked again, and the
 * answers to the others are added to it.
 */
export async function resolveMailmap(
  repo: string,
  people: Iterable<Person>,
  options: GitOptions = {},
  /** The repository has no mailmap (see NO_MAILMAP): git would answer each line with itself, so it is not asked. */
  mapsNobody = false,
  answers: MailmapAnswers = new Map(),
): Promise<Map<string, Person>> {
  const unique = new Map<string, Person>();
  for (const p of people) {
    const email = normaliseEmail(p.email);
    // Control characters and angle brackets cannot be part of a contact line; such values are left as they are.
    if (email && !/[\s<>\x00-\x1f]/.test(email) && !unique.has(email)) unique.set(email, { name: p.name.replace(/[<>\x00-\x1f]/g, ''), email });
  }
  const inputs = [...unique.values()];
  // What a person resolves to when git answers with the very line it was asked.
  const asAsked = (p: Person): Person => ({ name: p.name.trim() || p.name, email: p.email });
  if (mapsNobody) return new Map(inputs.map(p => [p.email, asAsked(p)]));
  const resolved = new Map<string, Person>();
  if (unique.size === 0) return resolved;
  const lines = inputs.map(p => (p.name.trim() ? `${p.name.trim()} <${p.email}>` : `<${p.email}>`));
  const unasked = lines.filter(line => !answers.has(line));
  if (unasked.length) {
    const answered = (await runGitWithInput(repo, ['check-mailmap', '--stdin'], unasked.join('\n') + '\n', options)).split('\n');
    unasked.forEach((line, i) => {
      if (answered[i]) answers.set(line, answered[i]!);
    });
  }
  inputs.forEach((input, i) => {
    const answer = answers.get(lines[i]!);
    // Most people: the mailmap does not name them.
    if (answer === lines[i]) return void resolved.set(input.email, asAsked(input));
    // `s`: a name may hold line separators (U+2028), which `.` would not match otherwise.
    const match = /^(.*?)\s*<([^<>]*)>\s*$/s.exec(answer ?? '');
    resolved.set(input.email, match ? { name: match[1]!.trim() || input.name, email: normaliseEmail(match[2]!) } : input);
  });
  return resolved;
}

export function isMine(identity: Identity, person: Person | undefined): boolean {
  return !!person && identity.emails.includes(person.email);
}
