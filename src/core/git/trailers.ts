import type { Person, Trailer, TrailerKey } from '../model';

/**
 * Trailer keys as people really type them, folded to the canonical key. Keys are compared after lower-casing and
 * turning spaces and underscores into hyphens, so `Mentored by`, `CO-AUTHORED_BY` and `Reviewed-By` all match.
 */
const KEY_SPELLINGS: Record<string, TrailerKey> = {
  'reviewed-by': 'Reviewed-by',
  'reviewd-by': 'Reviewed-by',
  'reveiwed-by': 'Reviewed-by',
  'reviwed-by': 'Reviewed-by',
  'review-by': 'Reviewed-by',
  reviewer: 'Reviewed-by',
  'acked-by': 'Acked-by',
  'ack-by': 'Acked-by',
  'tested-by': 'Tested-by',
  'approved-by': 'Approved-by',
  'mentored-by': 'Mentored-by',
  'mentor-by': 'Mentored-by',
  mentor: 'Mentored-by',
  'helped-by': 'Helped-by',
  'suggested-by': 'Suggested-by',
  'co-authored-by': 'Co-authored-by',
  'coauthored-by': 'Co-authored-by',
  'co-author-by': 'Co-authored-by',
  'co-author': 'Co-authored-by',
  'co-developed-by': 'Co-developed-by',
  'signed-off-by': 'Signed-off-by',
  'reported-by': 'Reported-by',
  fixes: 'Fixes',
  'reviewed-on': 'Reviewed-on',
};

export function canonicalTrailerKey(rawKey: string): TrailerKey | undefined {
  const folded = rawKey
    .trim()
    .toLowerCase()
    .replace(/[\s_]+/g, '-');
  return KEY_SPELLINGS[folded];
}

const IDENTITY = /^\s*"?([^<>"]*?)"?\s*<([^<>\s]+@[^<>\s]+)>\s*$/;
const BARE_EMAIL = /^\s*<?([^<>\s@]+@[^<>\s@]+\.[^<>\s@]+)>?\s*$/;

/** A link from commit or note text (Gerrit's `Reviewed-on`), kept only when it is https. */
export function httpsUrl(value: string): string | undefined {
  try {
    const url = new URL(value.trim());
    return url.protocol === 'https:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

/** Parses `Name <email>` (or a bare email). Returns undefined for anything else. */
export function parseIdentity(value: string): Person | undefined {
  const full = IDENTITY.exec(value);
  if (full) return { name: full[1]!.trim(), email: full[2]!.toLowerCase() };
  const bare = BARE_EMAIL.exec(value);
  if (bare) return { name: '', email: bare[1]!.toLowerCase() };
  return undefined;
}

const TRAILER_LINE = /^([A-Za-z][A-Za-z0-9 _-]{0,38}[A-Za-z0-9])\s*:\s*(\S.*)$/;

function addTrailer(out: Trailer[], seen: Set<string>, rawKey: string, rawValue: string) {
  const key = canonicalTrailerKey(rawKey);
  if (!key) return;
  const value = rawValue.trim();
  const dedupe = `${key}\n${value.toLowerCase()}`;
  if (!value || seen.has(dedupe)) return;
  seen.add(dedupe);
  const person = parseIdentity(value);
  out.push(person ? { key, value, person } : { key, value });
}

/**
 * Combines git's own trailer parse (`%(trailers:only,unfold)`) with a tolerant reading of the message's last
 * paragraph, which catches what git rejects: keys with spaces (`Mentored by:`), a block mixed with prose, or a
 * misspelt key. Only keys we know are kept; duplicates are folded.
 */
export function parseTrailers(gitTrailers: string, message: string): Trailer[] {
  const out: Trailer[] = [];
  const seen = new Set<string>();
  for (const line of gitTrailers.split('\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) addTrailer(out, seen, line.slice(0, colon), line.slice(colon + 1));
  }
  const paragraphs = message
    .replace(/\r\n/g, '\n')
    .trimEnd()
    .split(/\n[ \t]*\n/);
  if (paragraphs.length > 1) {
    const last = paragraphs[paragraphs.length - 1]!;
    for (const line of last.split('\n')) {
      const match = TRAILER_LINE.exec(line.trim());
      if (match) addTrailer(out, seen, match[1]!, match[2]!);
    }
  }
  return out;
}
