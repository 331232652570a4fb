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

/**
 * Resolves people through the repository's .mailmap (and mailmap.file / mailmap.blob) with one
 * `git check-mailmap --stdin` call, exactly as git resolves `%aN`/`%aE`. Returns a map from lower-cased input email to
 * the canonical person.
 */
export async function resolveMailmap(repo: string, people: Iterable<Person>, options: GitOptions = {}): Promise<Map<string, Person>> {
  const unique = new Map<string, Person>();
  for (const p of people) {
    const email = normaliseEmail(p.email);
    // Control characters and angle brackets cannot be part of a contact line; such values are left as they are.
    if (email && !/[\s<>\x00-\x1f]/.test(email) && !unique.has(email)) unique.set(email, { name: p.name.replace(/[<>\x00-\x1f]/g, ''), email });
  }
  const resolved = new Map<string, Person>();
  if (unique.size === 0) return resolved;
  const inputs = [...unique.values()];
  const lines = inputs.map(p => (p.name.trim() ? `${p.name.trim()} <${p.email}>` : `<${p.email}>`));
  const output = await runGitWithInput(repo, ['check-mailmap', '--stdin'], lines.join('\n') + '\n', options);
  const answers = output.split('\n');
  inputs.forEach((input, i) => {
    const match = /^(.*?)\s*<([^<>]*)>\s*$/.exec(answers[i] ?? '');
    resolved.set(input.email, match ? { name: match[1]!.trim() || input.name, email: normaliseEmail(match[2]!) } : input);
  });
  return resolved;
}

export function isMine(identity: Identity, person: Person | undefined): boolean {
  return !!person && identity.emails.includes(person.email);
}

const AI_NAMES = /^(claude|claude code|copilot|github copilot|chatgpt|openai codex|codex|gemini|gemini code assist|cursor|cursor agent|aider|devin|devin ai|codeium|windsurf|amazon q|tabnine|sweep|jules)( ai)?$/i;
const SERVICE_DOMAINS = /@(anthropic\.com|openai\.com|cursor\.com|cursor\.sh|aider\.chat|devin\.ai|cognition\.ai)$/i;

/**
 * Bots and AI assistants never count as people: `[bot]` accounts, `noreply` service addresses (but not GitHub's
 * per-user `ID+login@users.noreply.github.com` privacy addresses, which belong to real people) and known assistants.
 */
export function isBotOrAi(person: Person): boolean {
  const email = person.email.toLowerCase();
  const name = person.name.trim();
  if (/\[bot\]|-bot@|^bot@/i.test(email) || /\[bot\]$|\bbot$/i.test(name)) return true;
  if (/(^|\+)[^@]*@users\.noreply\.github\.com$/.test(email)) return /\[bot\]/.test(email);
  if (/^(no-?reply|do-?not-?reply|noreply\+[^@]*)@/i.test(email)) return true;
  if (SERVICE_DOMAINS.test(email) && /^(noreply|no-reply|claude|cursoragent|bot|agent)/i.test(email)) return true;
  if (AI_NAMES.test(name)) return true;
  return /^(dependabot|renovate|github-actions|greenkeeper|snyk-bot|mergify|codecov|semantic-release-bot|pre-commit-ci|allcontributors)/i.test(name);
}
