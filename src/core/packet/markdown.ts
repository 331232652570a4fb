import type { Analysis } from '../analyze';
import type { EvidenceItem } from '../model';
import { escapeMarkdown as md, escapeMarkdownCell as cell, markdownCode, markdownHref, safeHref, shortCommit } from './text';
import {
  buildPacketView,
  figureText,
  invisibleReason,
  levelName,
  statementBlocks,
  statusLabel,
  winCommits,
  type ExpectationRow,
  type PacketView,
} from './model';
import { areaLabel } from '../evidence/ownership';
import { planMarkdown } from './plan';

/** The commit an item rests on: its short SHA, linked to the remote when known, and the subject unless the summary quotes it. */
function cite(a: Analysis, e: EvidenceItem): string {
  if (e.signal === 'win.logged') {
    const commits = winCommits(a, e).map(c => commitRef(c.sha, c.link));
    return `logged win *${md(e.subject, 120)}* (${e.date})${commits.length ? `, ${commits.join(', ')}` : ''}`;
  }
  const ref = commitRef(e.commit, e.link);
  const review = safeHref(e.url);
  // The subject is shown once: in the summary when it already quotes it, else beside the SHA.
  const subject = !e.summary.includes(e.subject) ? ` ${md(e.subject, 120)}` : '';
  return `${ref}${subject} (${e.date})${review ? ` [review](${markdownHref(review)})` : ''}`;
}

function commitRef(commit: string, link: string | undefined): string {
  const sha = markdownCode(shortCommit(commit));
  const href = safeHref(link);
  return href ? `[${sha}](${markdownHref(href)})` : sha;
}

function withFigure(e: EvidenceItem): string {
  const figure = figureText(e);
  return `${md(e.summary, 200)}${figure ? ` \u2014 ${figure}` : ''}`;
}

function percent(n: number): string {
  return `${Math.round(n * 100)}%`;
}

/**
 * The promotion packet as Markdown, argued first and proved after: page one says who, when, the headline figures, the
 * strongest evidence and the level tables; then each expectation with my statement and its three strongest items;
 * then the gaps; then every item in the appendix. Every claim cites the commit or note it rests on.
 */
export function renderMarkdown(analysis: Analysis): string {
  const v = buildPacketView(analysis);
  const out: string[] = [];
  out.push(`# ${md(v.title)}`, '');
  out.push(`Period: ${md(v.periodLabel)} · Generated ${v.generated} · Framework: ${md(v.frameworkName)}  `);
  out.push(`Repositories: ${v.repos.map(r => markdownCode(r)).join(', ') || 'none'}`, '');

  out.push('## Summary', '');
  for (const line of v.headline) out.push(`- ${md(line)}`);
  out.push('');

  out.push('## Highlights', '');
  if (v.highlights.length === 0) out.push('_No evidence in this period yet._', '');
  v.highlights.forEach(({ item, supports }, n) => {
    const figure = figureText(item);
    const what = supports.map(x => md(x.title)).join('; ');
    out.push(`${n + 1}. **${md(item.summary, 200)}**${figure ? `: ${figure}` : ''}. ${what ? `Supports: ${what}. ` : ''}${cite(analysis, item)}`);
  });
  if (v.highlights.length) out.push('');

  for (const level of v.levels) {
    out.push(`## ${level.title}: ${level.demonstrated} of ${level.total} demonstrated`, '');
    out.push('| Expectation | Area | Status | Evidence |', '| --- | --- | --- | --- |');
    for (const { result } of level.rows)
      out.push(`| ${cell(result.title)} | ${cell(result.areaTitle)} | ${statusLabel(result)} | ${result.evidence} of ${result.demonstratedAt} |`);
    out.push('');
  }

  out.push('## The evidence, expectation by expectation', '');
  for (const level of v.levels) for (const row of level.rows) if (row.inBody) out.push(...expectationSection(analysis, row));

  out.push('## Gaps and next steps', '');
  if (v.gaps.length === 0) out.push('_Every expectation the history can show is demonstrated in this period._', '');
  for (const g of v.gaps)
    out.push(`- **${md(g.title)}** (${levelName(g.level)}, ${statusLabel(g).toLowerCase()}, ${g.evidence} of ${g.demonstratedAt}): ${md(g.nextStep, 1000)}`);
  if (v.gaps.length) out.push('');
  if (v.notVisible.length) {
    out.push('## Not visible here', '');
    for (const x of v.notVisible) out.push(`- **${md(x.title)}** (${levelName(x.level)}): ${md(invisibleReason(x))}`);
    out.push('');
  }
  // The plan (track, goals, feedback, the trajectory) between the gaps and the appendix, when there is plan data.
  out.push(...planMarkdown(analysis));

  out.push('---', '');
  out.push(...appendix(v));
  out.push('---', '', '_Made by Growth Ledger from local git history and notes. Nothing left this machine._', '');
  return out.join('\n');
}

function expectationSection(a: Analysis, { result, statement, top, more }: ExpectationRow): string[] {
  const out = [`### ${md(result.title)} (${levelName(result.level)}): ${statusLabel(result)}, ${result.evidence} of ${result.demonstratedAt}`, ''];
  if (statement?.text) {
    for (const block of statementBlocks(statement.text)) {
      if (block.list) out.push(...block.lines.map(l => `- ${md(l, 2000)}`), '');
      else out.push(md(block.lines[0]!, 4000), '');
    }
  }
  if (top.length === 0) {
    out.push(
      result.visibility !== 'visible' && result.status === 'none' ? `_Not visible here: ${md(invisibleReason(result))}._` : '_No evidence in this period yet._',
      '',
    );
    return out;
  }
  for (const e of top) out.push(`- ${withFigure(e)}: ${cite(a, e)}`);
  if (more > 0) out.push(`- and ${more} more in the appendix`);
  out.push('');
  return out;
}

function appendix(v: PacketView): string[] {
  const a = v.analysis;
  const out = ['## Appendix: all evidence', ''];
  for (const level of v.levels) {
    for (const { result, shown, hidden } of level.rows) {
      if (shown.length === 0 && hidden === 0) continue;
      out.push(
        `### ${md(result.title)} (${levelName(result.level)}): ${shown.length} item${shown.length === 1 ? '' : 's'}${hidden ? `, ${hidden} left out by me` : ''}`,
        '',
      );
      for (const e of shown) out.push(`- ${e.date} · ${withFigure(e)} · ${e.signal === 'win.logged' ? 'logged win' : commitRef(e.commit, e.link)}`);
      if (shown.length) out.push('');
    }
  }

  out.push('### Ownership', '');
  if (a.ownership.length === 0) out.push('_No areas with commits of mine in this period._', '');
  else {
    out.push(
      '| Area | My share of lines | Lines I changed | My commits | My share of commits, ever | Months active | Notes |',
      '| --- | --- | --- | --- | --- | --- | --- |',
    );
    for (const o of a.ownership.slice(0, 15)) {
      const notes = [o.mainDeveloper ? 'main developer' : '', o.soleRecentAuthor ? 'only recent author' : ''].filter(Boolean).join(', ');
      out.push(
        `| ${markdownCode(areaLabel(o.path), 300, true)} | ${percent(o.share)} | ${o.linesChanged} | ${o.commits} | ${percent(o.lifetimeShare)} | ${o.activeMonths} | ${notes} |`,
      );
    }
    out.push('');
  }

  const t = a.reviews.byTrailer;
  out.push('### Reviews given', '');
  out.push(
    `By trailer: Reviewed-by ${t['Reviewed-by']}, Acked-by ${t['Acked-by']}, Tested-by ${t['Tested-by']}, Approved-by ${t['Approved-by']}; merges of others' work ${a.totals.mergesOfOthersWork}; patches applied ${a.totals.commitsCommittedForOthers}.`,
    '',
  );

  out.push('### Mentoring', '');
  if (a.mentoring.people.length === 0) out.push(`_No one mentored in this period${a.mentoring.helped ? `; ${a.mentoring.helped} helped once` : ''}._`, '');
  else {
    for (const p of a.mentoring.people) out.push(`- ${md(p.name || p.email)} (${md(p.email)}): ${p.commits} commit${p.commits === 1 ? '' : 's'}`);
    if (a.mentoring.helped) out.push(`- and ${a.mentoring.helped} more helped once`);
    out.push('');
  }

  // The wins in full, as I wrote them: a section of their own after the appendix's lists, so each keeps its heading.
  out.push('## Logged wins', '');
  if (a.wins.length === 0) out.push('_No wins logged in this period._', '');
  for (const w of a.wins) {
    out.push(`### ${md(w.title)} (${w.date})`, '');
    if (w.impact) out.push(`**Impact:** ${md(w.impact, 1000)}`, '');
    if (w.expectations.length) out.push(`Supports: ${w.expectations.map(x => markdownCode(x)).join(', ')}`, '');
    if (w.commits.length) out.push(`Commits: ${w.commits.map(c => markdownCode(c.slice(0, 12))).join(', ')}`, '');
    if (w.text.trim()) out.push(md(w.text, 4000), '');
  }
  return out;
}
