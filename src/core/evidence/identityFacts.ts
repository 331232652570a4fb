import type { HistoryContext } from './context';

/** Someone else's address that may be mine too. Only ever offered: it counts once the user adds it. */
export interface AliasCandidate {
  email: string;
  name: string;
  /** Non-merge commits authored with this address. */
  commits: number;
  /** `github-noreply`: a GitHub privacy address whose login matches my address or name; `same-name`: my name. */
  reason: 'github-noreply' | 'same-name';
}

export interface IdentityFacts {
  /** The (mailmapped) names on my non-merge commits over the whole history, with their counts, most first. */
  names: { name: string; commits: number }[];
  aliasCandidates: AliasCandidate[];
}

const GITHUB_NOREPLY = /^(?:\d+\+)?([^@]+)@users\.noreply\.github\.com$/;
const MAX_CANDIDATES = 5;

/** Words of a name or login worth comparing: "Vladimir Sheremet" and "sheremet-va" share "sheremet". */
function tokens(text: string): string[] {
  return text
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(t => t.length >= 4);
}

/**
 * Who I appear as in this history: the names on my commits (the display name is the commonest), and addresses of
 * others that look like mine: a GitHub `ID+login@users.noreply.github.com` address whose login is my address's
 * local part or shares a word with my name, or another address under exactly my full name.
 */
export function detectIdentityFacts(ctx: HistoryContext): IdentityFacts {
  const h = ctx.history;
  const { author } = h.columns;
  const commitsBy = new Int32Array(h.people.length);
  for (let i = 0; i < h.count; i++) if (!h.isMerge(i)) commitsBy[author[i]!]!++;

  const names = new Map<string, number>();
  h.people.forEach((p, id) => {
    if (ctx.minePerson[id] && commitsBy[id]! > 0 && p.name.trim()) names.set(p.name.trim(), (names.get(p.name.trim()) ?? 0) + commitsBy[id]!);
  });
  const myNames = new Set([...names.keys(), ...ctx.identity.names].map(n => n.trim().toLowerCase()).filter(n => n.includes(' ')));
  const myWords = new Set([...names.keys(), ...ctx.identity.names].flatMap(tokens));
  const myLocalParts = new Set(ctx.identity.emails.map(e => (GITHUB_NOREPLY.exec(e)?.[1] ?? e.split('@')[0]!).toLowerCase()));

  const candidates = new Map<string, AliasCandidate>();
  h.people.forEach((p, id) => {
    if (ctx.minePerson[id] || commitsBy[id] === 0 || ctx.excludedPerson(id) || ctx.identity.emails.includes(p.email)) return;
    const login = GITHUB_NOREPLY.exec(p.email)?.[1]?.toLowerCase();
    const reason: AliasCandidate['reason'] | undefined =
      login !== undefined && (myLocalParts.has(login) || tokens(login).some(t => myWords.has(t)) || myNames.has(p.name.trim().toLowerCase()))
        ? 'github-noreply'
        : myNames.has(p.name.trim().toLowerCase())
          ? 'same-name'
          : undefined;
    if (!reason) return;
    const known = candidates.get(p.email);
    candidates.set(p.email, { email: p.email, name: known?.name || p.name, commits: (known?.commits ?? 0) + commitsBy[id]!, reason });
  });
  return {
    names: [...names].map(([name, commits]) => ({ name, commits })).sort((a, b) => b.commits - a.commits || (a.name < b.name ? -1 : 1)),
    aliasCandidates: [...candidates.values()].sort((a, b) => b.commits - a.commits || (a.email < b.email ? -1 : 1)).slice(0, MAX_CANDIDATES),
  };
}
