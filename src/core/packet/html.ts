import type { Analysis } from '../analyze';
import type { EvidenceItem } from '../model';
import { escapeHtml as h, plain, safeHref, shortCommit } from './text';
import { buildPacketView, gapsOf, invisibleReason, isNotVisible, statusLabel } from './model';
import { areaLabel } from '../evidence/ownership';

const STYLE = `
:root { color-scheme: light; --ink: #1f2328; --muted: #59636e; --line: #d1d9e0; --ok: #1a7f37; --part: #9a6700; --none: #59636e; }
* { box-sizing: border-box; }
body { font: 14px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--ink); max-width: 960px; margin: 2rem auto; padding: 0 1.25rem; }
h1 { font-size: 1.8rem; margin-bottom: .25rem; } h2 { border-bottom: 1px solid var(--line); padding-bottom: .25rem; margin-top: 2rem; }
h3 { font-size: 1.05rem; margin: 1.25rem 0 .25rem; }
.meta { color: var(--muted); }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; }
th, td { border: 1px solid var(--line); padding: .3rem .5rem; text-align: left; vertical-align: top; }
th { background: #f6f8fa; }
.status { font-weight: 600; white-space: nowrap; }
.demonstrated { color: var(--ok); } .partial { color: var(--part); } .none { color: var(--none); }
code { font: 12px ui-monospace, SFMono-Regular, Menlo, monospace; background: #f6f8fa; padding: 0 .25rem; border-radius: 3px; }
ul { padding-left: 1.25rem; } li { margin: .15rem 0; }
.next { background: #fff8c5; border-left: 3px solid var(--part); padding: .35rem .6rem; }
footer { margin-top: 2rem; color: var(--muted); font-size: 12px; }
@media print {
  body { margin: 0; max-width: none; font-size: 11pt; }
  a { color: inherit; text-decoration: none; }
  h2 { break-after: avoid; } h3 { break-after: avoid; } tr, li { break-inside: avoid; }
  .next { background: none; }
}`;

function cite(e: EvidenceItem): string {
  if (e.signal === 'win.logged') return `logged win <em>${h(plain(e.subject, 120))}</em> (${h(e.date)})`;
  const sha = h(shortCommit(e.commit));
  const href = safeHref(e.link);
  const ref = href ? `<a href="${h(href)}"><code>${sha}</code></a>` : `<code>${sha}</code>`;
  const review = safeHref(e.url);
  const subject = e.summary.includes(e.subject) ? '' : ` ${h(plain(e.subject, 120))}`;
  return `${ref}${subject} (${h(e.date)})${review ? ` <a href="${h(review)}">review</a>` : ''}`;
}

function evidenceList(items: EvidenceItem[], limit: number): string {
  if (items.length === 0) return '';
  const rows = items.slice(0, limit).map(e => `<li>${h(plain(e.summary, 200))}: ${cite(e)}</li>`);
  if (items.length > limit) rows.push(`<li>and ${items.length - limit} more</li>`);
  return `<ul>${rows.join('')}</ul>`;
}

/**
 * The promotion packet as one self-contained HTML file: no scripts, no external resources (its CSP forbids both),
 * styles inline, and a print stylesheet so "Print to PDF" gives a clean document.
 */
export function renderHtml(analysis: Analysis): string {
  const v = buildPacketView(analysis);
  const parts: string[] = [];
  parts.push(`<h1>${h(plain(v.title))}</h1>`);
  parts.push(`<p class="meta">Period: ${h(v.periodLabel)} · Generated ${h(v.generated)} · Framework: ${h(plain(v.frameworkName))}<br>Repositories: ${v.repos.map(r => `<code>${h(plain(r))}</code>`).join(', ') || 'none'}</p>`);
  parts.push(`<h2>Summary</h2><ul>${v.summary.map(s => `<li>${h(s)}</li>`).join('')}</ul>`);

  for (const level of v.levels) {
    parts.push(`<h2>${h(level.title)}</h2>`);
    parts.push('<table><thead><tr><th>Expectation</th><th>Area</th><th>Status</th><th>Evidence</th></tr></thead><tbody>');
    for (const { result: r } of level.rows) {
      parts.push(`<tr><td>${h(plain(r.title))}</td><td>${h(plain(r.areaTitle))}</td><td class="status ${r.status}">${statusLabel(r)}</td><td>${r.evidence} of ${r.demonstratedAt}</td></tr>`);
    }
    parts.push('</tbody></table>');
    for (const { result: r, citations, more } of level.rows) {
      parts.push(`<h3>${h(plain(r.title))}: <span class="${r.status}">${statusLabel(r)}</span></h3><p>${h(plain(r.description, 1000))}</p>`);
      if (citations.length === 0) parts.push(`<p class="meta">${isNotVisible(r) ? `Not visible here: ${h(invisibleReason(r))}.` : 'No evidence in this period yet.'}</p>`);
      else parts.push(evidenceList(citations, citations.length).replace(/<\/ul>$/, more > 0 ? `<li>and ${more} more</li></ul>` : '</ul>'));
      if (r.nextStep) parts.push(`<p class="next"><strong>Next step:</strong> ${h(plain(r.nextStep, 1000))}</p>`);
    }
  }

  parts.push('<h2>Ownership</h2>');
  if (analysis.ownership.length === 0) parts.push('<p class="meta">No areas with commits of mine in this period.</p>');
  else {
    parts.push('<table><thead><tr><th>Area</th><th>My share of lines</th><th>Lines I changed</th><th>My commits</th><th>Lifetime share</th><th>Months active</th><th>Notes</th></tr></thead><tbody>');
    for (const o of analysis.ownership.slice(0, 15)) {
      const notes = [o.mainDeveloper ? 'main developer' : '', o.soleRecentAuthor ? 'only recent author' : ''].filter(Boolean).join(', ');
      parts.push(`<tr><td><code>${h(plain(areaLabel(o.path)))}</code></td><td>${Math.round(o.share * 100)}%</td><td>${o.linesChanged}</td><td>${o.commits}</td><td>${Math.round(o.lifetimeShare * 100)}%</td><td>${o.activeMonths}</td><td>${notes}</td></tr>`);
    }
    parts.push('</tbody></table>');
  }

  const t = analysis.reviews.byTrailer;
  parts.push(`<h2>Reviews given</h2><p>By trailer: Reviewed-by ${t['Reviewed-by']}, Acked-by ${t['Acked-by']}, Tested-by ${t['Tested-by']}, Approved-by ${t['Approved-by']}; merges of others' work ${analysis.totals.mergesOfOthersWork}; patches applied ${analysis.totals.commitsCommittedForOthers}.</p>`);
  parts.push(evidenceList(analysis.evidence.filter(e => e.kind === 'review'), 25) || '<p class="meta">No reviews found in this period.</p>');

  parts.push('<h2>Mentoring</h2>');
  if (analysis.mentoring.people.length === 0) parts.push('<p class="meta">No mentoring found in this period.</p>');
  else parts.push(`<ul>${analysis.mentoring.people.map(p => `<li>${h(plain(p.name || p.email))} (${h(plain(p.email))}): ${p.commits} commit${p.commits === 1 ? '' : 's'}</li>`).join('')}</ul>`);
  parts.push(evidenceList(analysis.evidence.filter(e => e.kind === 'mentoring'), 25));

  parts.push('<h2>Logged wins</h2>');
  if (analysis.wins.length === 0) parts.push('<p class="meta">No wins logged in this period.</p>');
  for (const w of analysis.wins) {
    parts.push(`<h3>${h(plain(w.title))} (${h(w.date)})</h3>`);
    if (w.impact) parts.push(`<p><strong>Impact:</strong> ${h(plain(w.impact, 1000))}</p>`);
    if (w.expectations.length) parts.push(`<p>Supports: ${w.expectations.map(x => `<code>${h(plain(x))}</code>`).join(', ')}</p>`);
    if (w.commits.length) parts.push(`<p>Commits: ${w.commits.map(c => `<code>${h(plain(c.slice(0, 12)))}</code>`).join(', ')}</p>`);
    if (w.text.trim()) parts.push(`<p>${h(plain(w.text, 4000))}</p>`);
  }

  parts.push('<h2>Gaps and next steps</h2>');
  const gaps = gapsOf(analysis);
  if (gaps.length === 0) parts.push('<p>Every expectation the history can show is demonstrated in this period.</p>');
  else parts.push(`<ul>${gaps.map(g => `<li><strong>${h(plain(g.title))}</strong> (${g.level === 'mid' ? 'mid-level' : 'senior'}, ${statusLabel(g).toLowerCase()}, ${g.evidence} of ${g.demonstratedAt}): ${h(plain(g.nextStep, 1000))}</li>`).join('')}</ul>`);
  const hidden = analysis.expectations.filter(isNotVisible);
  if (hidden.length) {
    parts.push('<h2>Not visible here</h2>');
    parts.push(`<ul>${hidden.map(x => `<li><strong>${h(plain(x.title))}</strong> (${x.level === 'mid' ? 'mid-level' : 'senior'}): ${h(invisibleReason(x))}</li>`).join('')}</ul>`);
  }

  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="Growth Ledger">
<title>${h(plain(v.title))}</title>
<style>${STYLE}</style>
</head>
<body>
${parts.join('\n')}
<footer>Made by Growth Ledger from local git history and notes. Nothing left this machine.</footer>
</body>
</html>
`;
}
