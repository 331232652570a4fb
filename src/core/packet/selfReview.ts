import type { Analysis } from '../analyze';
import type { EvidenceItem } from '../model';
import { plain } from './text';
import { buildPacketView, figureText, levelName, statementBlocks, statusLabel, type ExpectationRow } from './model';

/**
 * The characters each expectation's text may take by default: review forms commonly cap a comment field at 1,500 to
 * 2,000 characters (some at 1,000), so 1,500 pastes whole into most. The editor's `growthLedger.selfReviewLimit`
 * setting and the CLI's `--limit` change it.
 */
export const DEFAULT_SELF_REVIEW_LIMIT = 1500;
/** Below this an expectation's title and status hardly fit. */
export const MIN_SELF_REVIEW_LIMIT = 200;

function evidenceLine(e: EvidenceItem): string {
  const figure = figureText(e);
  const ref = e.signal === 'win.logged' ? 'logged win' : e.commit.slice(0, 7);
  return `- ${plain(e.summary, 200)}${figure ? ` (${figure})` : ''} [${ref}, ${e.date}]`;
}

/** Text cut to `max` characters at a word, with an ellipsis when anything was cut. */
function cut(text: string, max: number): string {
  if (text.length <= max) return text;
  const room = text.slice(0, Math.max(0, max - 1));
  const space = room.lastIndexOf(' ');
  return `${(space > max * 0.6 ? room.slice(0, space) : room).trimEnd()}\u2026`;
}

/**
 * One expectation's self-review text: its title and status, my statement, then its strongest evidence for as long as
 * the limit allows. Never longer than `limit` characters, so it pastes into a review form's field whole.
 */
export function expectationText(row: ExpectationRow, limit: number): string {
  const r = row.result;
  const head = cut(`${plain(r.title)} (${levelName(r.level)}): ${statusLabel(r)}, ${r.evidence} of ${r.demonstratedAt}`, limit);
  const statement = row.statement?.text
    ? statementBlocks(row.statement.text)
        .map(b => (b.list ? b.lines.map(l => `- ${plain(l, 2000)}`).join('\n') : plain(b.lines[0]!, 4000)))
        .join('\n\n')
    : '';
  let text = head;
  if (statement) text += `\n${cut(statement, limit - text.length - 1)}`;
  const evidence = row.top.map(evidenceLine);
  if (evidence.length && text.length + 'Evidence:'.length + 2 < limit) {
    let block = '\nEvidence:';
    for (const line of evidence) {
      if (text.length + block.length + 1 + line.length > limit) break;
      block += `\n${line}`;
    }
    if (block !== '\nEvidence:') text += block;
  }
  return text;
}

/**
 * The self-review as plain text, one block per expectation with a statement or evidence (see ExpectationRow.inBody), each block at most `limit` characters; blocks are separated by a blank line.
 */
export function renderSelfReview(analysis: Analysis, limit = DEFAULT_SELF_REVIEW_LIMIT): string {
  const max = Math.max(MIN_SELF_REVIEW_LIMIT, Math.floor(limit));
  const v = buildPacketView(analysis);
  const blocks = [`${plain(v.title)}\n${plain(v.periodLabel)} · ${plain(v.frameworkName)}`];
  for (const level of v.levels) {
    for (const row of level.rows) {
      if (!row.inBody) continue;
      blocks.push(expectationText(row, max));
    }
  }
  // The plan (goals, feedback, check-ins) goes here, after the expectations, when there is plan data.
  return `${blocks.join('\n\n')}\n`;
}
