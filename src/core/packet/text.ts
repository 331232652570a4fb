/**
 * Commit text is written by other people and is untrusted. These helpers make it inert in each output format.
 * Control characters and bidirectional overrides (which can make text read differently from what it is) are
 * replaced by visible placeholders, lines are joined, and very long values are cut.
 */
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g;
const BIDI = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

export function plain(text: string, max = 300): string {
  const cleaned = text
    .replace(/\r?\n|\r|\t/g, ' ')
    .replace(CONTROL, '\ufffd')
    .replace(BIDI, '\ufffd')
    .replace(/\s+/g, ' ')
    .trim();
  return cleaned.length > max ? cleaned.slice(0, max - 1) + '\u2026' : cleaned;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"'`]/g, c => `&#${c.charCodeAt(0)};`);
}

const ASCII_PUNCTUATION = /[!-/:-@[-`{-~]/;
const WORD = /[\p{L}\p{N}]/u;
const ENTITY = /^&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});/;
/** Starts a tag, a comment or an autolink after `<`. */
const TAG_START = /[A-Za-z/!?]/;

/**
 * Inline Markdown that renders as the literal text and reads as it: only what would become markup is escaped, where
 * it would (`*` and brackets always, `(` after a bracket, `_` at a word's edge, `<` before a tag (and that tag's `>`), `&` before an entity, `#`, `>`, `-`, `+` and `1.` at
 * the start, where they would open a block). Dates, parentheses, colons and dashes inside words stay as they are.
 * The text is folded onto one line first (see plain), so it can stand in a paragraph, a list item or a heading.
 */
export function escapeMarkdown(text: string, max?: number): string {
  const s = plain(text, max);
  let out = '';
  // Inside an escaped tag: its `>` is escaped too, so "<b>" reads "&lt;b&gt;" in the file and "<b>" rendered.
  let inTag = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    const next = s[i + 1] ?? '';
    switch (c) {
      case '\\':
        // A backslash is literal unless punctuation follows, or it ends the text (a hard line break there).
        out += next === '' || ASCII_PUNCTUATION.test(next) ? '\\\\' : '\\';
        break;
      case '*':
      case '`':
      case '[':
      case ']':
      case '~':
        out += `\\${c}`;
        break;
      case '(':
        // Only right after a bracket does it open a link target; escaped there, "](javascript:" never appears.
        out += s[i - 1] === ']' ? '\\(' : '(';
        break;
      case '_':
        out += WORD.test(s[i - 1] ?? '') && WORD.test(next) ? '_' : '\\_';
        break;
      case '<':
        // As an entity, not `\<`: the file then never holds a tag at all, for viewers that show raw HTML.
        if (TAG_START.test(next)) {
          out += '&lt;';
          inTag = true;
        } else out += '<';
        break;
      case '>':
        out += inTag ? '&gt;' : '>';
        inTag = false;
        break;
      case '&':
        out += ENTITY.test(s.slice(i)) ? '\\&' : '&';
        break;
      default:
        out += c;
    }
  }
  return escapeLineStart(escapeClosingHashes(out));
}

/** What opens a block at the start of a line: a heading, a quote, a list item, a thematic break, a table's pipe. */
function escapeLineStart(s: string): string {
  if (/^#{1,6}(?:\s|$)/.test(s) || /^[>|]/.test(s)) return `\\${s}`;
  if (/^[-+](?:\s|$)/.test(s) || /^-\s*-\s*-/.test(s) || /^=+\s*$/.test(s)) return `\\${s}`;
  const ordered = /^(\d{1,9})([.)])(?=\s|$)/.exec(s);
  if (ordered) return `${ordered[1]}\\${ordered[2]}${s.slice(ordered[0].length)}`;
  return s;
}

/** A heading drops a closing run of `#` after a space ("Fix C #"); escaped, it stays text wherever the text ends. */
function escapeClosingHashes(s: string): string {
  return s.replace(/(\s)(#+)$/, (_, space: string, hashes: string) => `${space}\\${hashes}`);
}

/** Text in a table cell: as escapeMarkdown, and a pipe would end the cell. */
export function escapeMarkdownCell(text: string, max?: number): string {
  return escapeMarkdown(text, max).replace(/\|/g, '\\|');
}

/** A code span holding the text as it is: its fence is longer than any run of backticks inside. */
export function markdownCode(text: string, max?: number, inTable = false): string {
  const s = plain(text, max);
  const longest = Math.max(0, ...(s.match(/`+/g) ?? []).map(run => run.length));
  const fence = '`'.repeat(longest + 1);
  const pad = s.startsWith('`') || s.endsWith('`') ? ' ' : '';
  const body = inTable ? s.replace(/\|/g, '\\|') : s;
  return `${fence}${pad}${body}${pad}${fence}`;
}

/** A link target in Markdown: an https URL with the parentheses and spaces that would end it encoded. */
export function markdownHref(url: string): string {
  return url.replace(/[()\s<>]/g, c => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
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
