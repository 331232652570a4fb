import * as path from 'node:path';
import type { Analysis } from '../core/analyze';
import { periodLabel, statusLabel } from '../core/packet/model';
import { areaLabel } from '../core/evidence/ownership';
import { describeWorkflow } from '../core/evidence/workflow';
import { planSummaryLines } from './plan';

/** The readable summary `growth-ledger analyze` prints without --json. */
export function summaryText(a: Analysis): string {
  const lines: string[] = [];
  lines.push(`Growth Ledger: ${a.identity.displayName ?? ''} <${a.identity.emails.join(', ')}>, ${periodLabel(a.period)}`);
  lines.push(`Repositories: ${a.repos.map(r => `${r.path} (${r.error ? 'not analysed' : `${r.commitsScanned} commits read`})`).join(', ')}`);
  for (const r of a.repos) if (r.workflow) lines.push(`  ${path.basename(r.path)}: ${describeWorkflow(r.workflow)}`);
  for (const c of a.identity.aliasCandidates) lines.push(`  Also you? ${c.name} <${c.email}> (${c.commits} commits): add it with --me ${c.email}`);
  for (const r of a.repos) for (const notice of r.notices ?? []) lines.push(`  ${r.path}: ${notice}`);
  lines.push('');
  lines.push(`Commits authored: ${a.totals.commitsAuthored} over ${a.totals.activeWeeks} active weeks`);
  const t = a.reviews.byTrailer;
  const votes = a.reviews.gerritVotes ? `; changes voted on in Gerrit ${a.reviews.gerritVotes}` : '';
  lines.push(
    `Reviews given: Reviewed-by ${t['Reviewed-by']}, Acked-by ${t['Acked-by']}, Tested-by ${t['Tested-by']}, Approved-by ${t['Approved-by']}${votes}; merges of others' work ${a.totals.mergesOfOthersWork}; patches applied ${a.totals.commitsCommittedForOthers}`,
  );
  const mentored = a.mentoring.people;
  const named = mentored.slice(0, 10).map(p => `${p.name || p.email}: ${p.commits}`);
  if (mentored.length > named.length) named.push(`${mentored.length - named.length} more`);
  lines.push(`People mentored: ${mentored.length}${named.length ? ` (${named.join(', ')})` : ''}; helped once: ${a.mentoring.helped}`);
  lines.push('');
  lines.push('Ownership:');
  if (a.ownership.length === 0) lines.push('  no commits of yours in this period');
  for (const o of a.ownership.slice(0, 8)) {
    const tags = [o.mainDeveloper ? 'main developer' : '', o.soleRecentAuthor ? 'only recent author' : ''].filter(Boolean).join(', ');
    lines.push(`  ${areaLabel(o.path).padEnd(28)} ${String(Math.round(o.share * 100)).padStart(3)}% of lines, ${o.commits} commits${tags ? ` (${tags})` : ''}`);
  }
  for (const level of ['mid', 'senior'] as const) {
    lines.push('');
    lines.push(level === 'mid' ? 'Mid-level expectations:' : 'Senior expectations:');
    for (const e of a.expectations.filter(x => x.level === level)) {
      lines.push(`  [${statusLabel(e).padEnd(16)}] ${e.title} (${e.evidence} of ${e.demonstratedAt})`);
      if (e.nextStep) lines.push(`      next: ${e.nextStep}`);
    }
  }
  lines.push(...planSummaryLines(a));
  if (a.wins.length) {
    lines.push('');
    lines.push(`Logged wins: ${a.wins.length}`);
    for (const w of a.wins.slice(0, 5)) lines.push(`  ${w.date} ${w.title}`);
  }
  return lines.join('\n') + '\n';
}
