/**
 * Commit text is written by other people and is untrusted. These helpers make it inert in each output format.
 * Control characters and bidirectional overrides (which can make text read differently from what it is) are
 * replaced by visible placeholders, lines are joined, and very long values are cut.
 */
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g;
const BIDI = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

export function plain(text: string, max = 300): string {
  const cleaned = text.replace(/\r?\n|\r|\t/g, ' ').replace(CONTROL, '\ufffd').replace(BIDI, '\ufffd').replace(/\s+/g, ' ').trim();
  return cleaned.length > max ? cleaned.slice(0, max - 1) + '\u2026' : cleaned;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"'`]/g, c => `&#${c.charCodeAt(0)};`);
}

/** Markdown that renders as the literal text: every character with meaning in Markdown or HTML is escaped. */
export function escapeMarkdown(text: string, max?: number): string {
  return plain(text, max).replace(/[\\`*_{}[\]()#+\-.!|<>~&:]/g, c => (c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '&' ? '&amp;' : `\\${c}`));
}

/** Only https links that Growth Ledger built itself reach an output; anything else is dropped. */
export function safeHref(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const u = new URL(url);
    return u.protocol === 'https:' ? u.href : undefined;
  } catch {
    return undefined;
  }
}

/** A commit as cited: its short SHA, or an id that is not a SHA (an imported review's `owner/repo#123`) whole. */
export function shortCommit(commit: string): string {
  return /^[0-9a-f]{7,64}$/i.test(commit) ? commit.slice(0, 7) : plain(commit, 120);
}
