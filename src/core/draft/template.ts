import type { DraftEvidence, DraftInput } from './input';
import { plural } from '../packet/model';

/** Items a template draft lists: a statement leads with a few strong pieces, the appendix has the rest. */
export const TEMPLATE_ITEMS = 5;

/** Summaries that start with a verb in the past tense read in my voice with "I" in front. */
const PAST_VERB =
  /^(Kept|Delivered|Merged|Applied|Reviewed|Co-authored|Voted|Explained|Fixed|Approved|Tested|Acked|Led|Built|Wrote|Shipped|Ran|Mentored|Helped)\b/;

/** One piece of evidence as a sentence in my voice: "I merged …", "I was the main developer of …". */
export function firstPerson(e: DraftEvidence): string {
  const s = e.summary;
  // A logged win is already in my words.
  if (e.signal === 'win.logged') return s;
  let m: RegExpExecArray | null;
  if ((m = /^Main developer of (.+)$/.exec(s))) return `I was the main developer of ${m[1]}`;
  // A merge's subject is git's own "Merge pull request #5 from …" or "Merge branch 'x'": said once, in my voice.
  if ((m = /^Merged "Merge (.+?)"(.*)$/.exec(s))) return `I merged ${m[1]}${m[2]}`;
  if ((m = /^Design record: (.+)$/.exec(s))) return `I wrote the design record ${m[1]}`;
  if ((m = /^Documentation: (.+)$/.exec(s))) return `I wrote documentation: ${m[1]}`;
  if ((m = /^Fix with a test: (.+)$/.exec(s))) return `I fixed ${m[1]} and covered it with a test`;
  if ((m = /^Pull request (#\d+) merged: (.+)$/.exec(s))) return `I landed pull request ${m[1]}, ${m[2]}`;
  if ((m = /^(".+") reviewed by (.+)$/.exec(s))) return `I had my change ${m[1]} reviewed by ${m[2]}`;
  if ((m = /^([A-Z][\w-]*(?:, [A-Z][\w-]*)*) on (".+")(.*)$/.exec(s))) return `I am named in ${m[1]} on ${m[2]}${m[3]}`;
  if (PAST_VERB.test(s)) return `I ${s[0]!.toLowerCase()}${s.slice(1)}`;
  return s;
}

function citation(e: DraftEvidence): string {
  const figures = e.figures ? ` (${e.figures})` : '';
  const ref = e.signal === 'win.logged' ? `logged win, ${e.date}` : `${e.ref}, ${e.date}`;
  return `${firstPerson(e)}${figures} [${ref}]`;
}

/** The opening sentence: what the evidence adds up to, in my voice and with its count. */
function opening(input: DraftInput, listed: number): string {
  const x = input.expectation;
  const title = x.title.replace(/[.:]+$/, '');
  const period = input.period === 'all history' ? 'over the whole history' : `in ${input.period}`;
  if (listed === 0) return `${title}: I have no evidence of this ${period} yet.`;
  const count = `${plural(x.evidence, 'piece')} of evidence`;
  if (x.status === 'demonstrated') return `${title}: I have shown this ${period}, with ${count}. The strongest:`;
  return `${title}: I have started to show this ${period}, with ${count} of the ${x.demonstratedAt} it asks for. The strongest so far:`;
}

/**
 * A statement draft from the ranked evidence alone, with no model: an opening sentence in the first person, then the
 * strongest pieces as a list, each with its figures and its short SHA and date. The same input always gives the same
 * text, so a person can see exactly where every word came from, and change them.
 */
export function templateDraft(input: DraftInput, items = TEMPLATE_ITEMS): string {
  const listed = input.evidence.slice(0, Math.max(0, items));
  const lines = [opening(input, listed.length)];
  if (listed.length) {
    lines.push('');
    for (const e of listed) lines.push(`- ${citation(e)}`);
  }
  return lines.join('\n');
}
