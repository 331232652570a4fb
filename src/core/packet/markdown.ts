import type { Analysis } from '../analyze';
import type { EvidenceItem } from '../model';
import { escapeMarkdown as md, safeHref, shortCommit } from './text';
import { buildPacketView, gapsOf, invisibleReason, isNotVisible, statusLabel } from './model';
import { areaLabel } from '../evidence/ownership';

function cite(e: EvidenceItem): string {
  if (e.signal === 'win.logged') return `logged win *${md(e.subject, 120)}* (${e.date})`;
  const sha = shortCommit(e.commit).replace(/`/g, "'");
  const href = safeHref(e.link);
  const ref = href ? `[\`${sha}\`](${href})` : `\`${sha}\``;
  const review = safeHref(e.url);
  // The subject is shown once: in the summary when it already quotes it, else beside the SHA.
  const subject = e.summary.includes(e.subject) ? '' : ` ${md(e.subject, 120)}`;
  return `${ref}${subject} (${e.date})${review ? ` [review](${review})` : ''}`;
}

function percent(n: number): string {
  return `${Math.round(n * 100)}%`;
}

/** The promotion packet as Markdown: every claim is followed by the commits or notes it rests on. */
export function renderMarkdown(analysis: Analysis): string {
  const v = buildPacketView(analysis);
  const out: string[] = [];
  out.push(`# ${md(v.title)}`, '');
  out.push(`Period: ${md(v.periodLabel)} · Generated ${v.generated} · Framework: ${md(v.frameworkName)}  `);
  out.push(`Repositories: ${v.repos.map(r => `\`${md(r)}\``).join(', ') || 'none'}`, '');

  out.push('## Summary', '');
  for (const line of v.summary) out.push(`- ${md(line)}`);
  out.push('');

  for (const level of v.levels) {
    out.push(`## ${level.title}`, '');
    out.push('| Expectation | Area | Status | Evidence |', '| --- | --- | --- | --- |');
    for (const { result } of level.rows) {
      out.push(`| ${md(result.title)} | ${md(result.areaTitle)} | ${statusLabel(result)} | ${result.evidence} of ${result.demonstratedAt} |`);
    }
    out.push('');
    for (const { result, citations, more } of level.rows) {
      out.push(`### ${md(result.title)}: ${statusLabel(result)}`, '');
      out.push(md(result.description, 1000), '');
      if (citations.length === 0) {
        out.push(isNotVisible(result) ? `_Not visible here: ${md(invisibleReason(result))}._` : '_No evidence in this period yet._', '');
      } else {
        for (const e of citations) out.push(`- ${md(e.summary, 200)}: ${cite(e)}`);
        if (more > 0) out.push(`- and ${more} more`);
        out.push('');
      }
      if (result.nextStep) out.push(`**Next step:** ${md(result.nextStep, 1000)}`, '');
    }
  }

  out.push('## Ownership', '');
  if (analysis.ownership.length === 0) out.push('_No areas with commits of mine in this period._', '');
  else {
    out.push('| Area | My share of lines | Lines I changed | My commits | Lifetime share | Months active | Notes |', '| --- | --- | --- | --- | --- | --- | --- |');
    for (const o of analysis.ownership.slice(0, 15)) {
      const notes = [o.mainDeveloper ? 'main developer' : '', o.soleRecentAuthor ? 'only recent author' : ''].filter(Boolean).join(', ');
      out.push(`| \`${md(areaLabel(o.path))}\` | ${percent(o.share)} | ${o.linesChanged} | ${o.commits} | ${percent(o.lifetimeShare)} | ${o.activeMonths} | ${notes} |`);
    }
    out.push('');
  }

  const section = (title: string, kind: EvidenceItem['kind'], empty: string, intro?: string) => {
    const items = analysis.evidence.filter(e => e.kind === kind);
    out.push(`## ${title}`, '');
    if (intro) out.push(intro, '');
    if (items.length === 0) out.push(`_${empty}_`, '');
    else {
      for (const e of items.slice(0, 25)) out.push(`- ${md(e.summary, 200)}: ${cite(e)}`);
      if (items.length > 25) out.push(`- and ${items.length - 25} more`);
      out.push('');
    }
  };
  const t = analysis.reviews.byTrailer;
  section(
    'Reviews given',
    'review',
    'No reviews found in this period.',
    `By trailer: Reviewed-by ${t['Reviewed-by']}, Acked-by ${t['Acked-by']}, Tested-by ${t['Tested-by']}, Approved-by ${t['Approved-by']}; merges of others' work ${analysis.totals.mergesOfOthersWork}; patches applied ${analysis.totals.commitsCommittedForOthers}.`,
  );
  out.push('## Mentoring', '');
  if (analysis.mentoring.people.length === 0) out.push('_No mentoring found in this period._', '');
  else {
    for (const p of analysis.mentoring.people) out.push(`- ${md(p.name || p.email)} (${md(p.email)}): ${p.commits} commit${p.commits === 1 ? '' : 's'}`);
    out.push('');
  }
  section('Mentoring evidence', 'mentoring', 'None in this period.');

  out.push('## Logged wins', '');
  if (analysis.wins.length === 0) out.push('_No wins logged in this period._', '');
  for (const w of analysis.wins) {
    out.push(`### ${md(w.title)} (${w.date})`, '');
    if (w.impact) out.push(`**Impact:** ${md(w.impact, 1000)}`, '');
    if (w.expectations.length) out.push(`Supports: ${w.expectations.map(x => `\`${md(x)}\``).join(', ')}`, '');
    if (w.commits.length) out.push(`Commits: ${w.commits.map(c => `\`${md(c.slice(0, 12))}\``).join(', ')}`, '');
    if (w.text.trim()) out.push(md(w.text, 4000), '');
  }

  out.push('## Gaps and next steps', '');
  const gaps = gapsOf(analysis);
  if (gaps.length === 0) out.push('_Every expectation the history can show is demonstrated in this period._', '');
  for (const g of gaps) out.push(`- **${md(g.title)}** (${g.level === 'mid' ? 'mid-level' : 'senior'}, ${statusLabel(g).toLowerCase()}, ${g.evidence} of ${g.demonstratedAt}): ${md(g.nextStep, 1000)}`);
  const hidden = analysis.expectations.filter(isNotVisible);
  if (hidden.length) {
    out.push('', '## Not visible here', '');
    for (const x of hidden) out.push(`- **${md(x.title)}** (${x.level === 'mid' ? 'mid-level' : 'senior'}): ${md(invisibleReason(x))}`);
  }
  out.push('', '---', '', '_Made by Growth Ledger from local git history and notes. Nothing left this machine._', '');
  return out.join('\n');
}
