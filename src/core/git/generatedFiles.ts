import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { runGit, type GitOptions } from './exec';

/**
 * Files whose lines say nothing about who built an area: lockfiles, minified bundles, source maps, vendored
 * folders, and whatever the repository's `.gitattributes` marks `linguist-generated`, `linguist-vendored` or `-diff`
 * (GitHub's own signals for "generated" and "not a diff to read"). They are left out of ownership line shares; a
 * repository can take a file back with `linguist-generated=false` (or `linguist-vendored=false`, `diff`).
 */
const LOCKFILES = new Set([
  'package-lock.json',
  'npm-shrinkwrap.json',
  'yarn.lock',
  'pnpm-lock.yaml',
  'bun.lock',
  'bun.lockb',
  'deno.lock',
  'cargo.lock',
  'gemfile.lock',
  'poetry.lock',
  'pipfile.lock',
  'uv.lock',
  'pdm.lock',
  'composer.lock',
  'go.sum',
  'podfile.lock',
  'package.resolved',
  'mix.lock',
  'pubspec.lock',
  'flake.lock',
  'packages.lock.json',
  'gradle.lockfile',
  'paket.lock',
  'conan.lock',
  'cartfile.resolved',
]);
const MINIFIED = /[.-]min\.(js|mjs|cjs|css)$|\.(js|mjs|cjs|css)\.map$/i;
const VENDORED_DIR = /(^|\/)(node_modules|bower_components|vendor|third[_-]party)\//i;

/** Lockfiles, bundles and vendored folders by name alone, before any `.gitattributes`. */
export function isGeneratedByName(file: string): boolean {
  const base = file.slice(file.lastIndexOf('/') + 1).toLowerCase();
  return LOCKFILES.has(base) || MINIFIED.test(base) || VENDORED_DIR.test(file);
}

/** One `.gitattributes` file: the folder it sits in (`''` at the root) and its text. */
export interface AttributeFile {
  dir: string;
  text: string;
}

interface Rule {
  match: (file: string) => boolean;
  /** true: generated; false: taken back; the last matching rule wins, deeper files after shallower ones. */
  generated: boolean;
}

/** What an attribute list says about "generated", or undefined when it says nothing. */
function verdict(attributes: string[]): boolean | undefined {
  let out: boolean | undefined;
  for (const a of attributes) {
    const [name, value] = a.startsWith('-')
      ? [a.slice(1), 'unset']
      : a.startsWith('!')
        ? [a.slice(1), 'unspecified']
        : a.includes('=')
          ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)]
          : [a, 'set'];
    if (name === 'binary' && value === 'set') out = true;
    else if (name === 'diff') out = value === 'unset' ? true : value === 'set' ? false : out;
    else if (name === 'linguist-generated' || name === 'linguist-vendored') {
      if (value === 'set' || value === 'true') out = true;
      else if (value === 'false' || value === 'unset') out = false;
    }
  }
  return out;
}

/** A gitattributes pattern as a regular expression over the path relative to the attribute file's folder. */
function patternToRegExp(pattern: string): RegExp | undefined {
  if (pattern.endsWith('/')) return undefined; // a folder pattern matches no file in .gitattributes
  let p = pattern;
  const anchored = p.includes('/');
  if (p.startsWith('/')) p = p.slice(1);
  let re = '';
  for (let i = 0; i < p.length; i++) {
    const ch = p[i]!;
    if (p.startsWith('**/', i) && (i === 0 || p[i - 1] === '/')) {
      re += '(?:.*/)?';
      i += 2;
    } else if (p.startsWith('/**', i) && i + 3 === p.length) {
      re += '/.*';
      i += 2;
    } else if (ch === '*') re += '[^/]*';
    else if (ch === '?') re += '[^/]';
    else if (ch === '[') {
      const end = p.indexOf(']', i + 2);
      if (end < 0) re += '\\[';
      else {
        const body = p
          .slice(i + 1, end)
          .replace(/^!/, '^')
          .replace(/\\/g, '\\\\');
        re += `[${body}]`;
        i = end;
      }
    } else if (ch === '\\' && i + 1 < p.length) re += escape(p[++i]!);
    else re += escape(ch);
  }
  try {
    return new RegExp(anchored ? `^${re}$` : `(?:^|/)${re}$`);
  } catch {
    return undefined;
  }
}

function escape(ch: string): string {
  return /[.*+?^${}()|[\]\\/]/.test(ch) ? `\\${ch}` : ch;
}

/**
 * A classifier for the history's paths: true for a file left out of line shares. `files` are the repository's
 * `.gitattributes`, in any order; a deeper file's rules come after a shallower one's, as git reads them.
 */
export function generatedFileClassifier(files: readonly AttributeFile[]): (file: string) => boolean {
  const rules: Rule[] = [];
  const ordered = [...files].sort(
    (a, b) => (a.dir === '' ? 0 : a.dir.split('/').length) - (b.dir === '' ? 0 : b.dir.split('/').length) || (a.dir < b.dir ? -1 : 1),
  );
  for (const { dir, text } of ordered) {
    const prefix = dir ? `${dir}/` : '';
    for (const raw of text.split(/\r?\n/)) {
      const line = raw.trim();
      if (!line || line.startsWith('#') || line.startsWith('"') || line.startsWith('[attr]')) continue;
      const [pattern, ...attributes] = line.split(/\s+/);
      const generated = verdict(attributes);
      const re = generated === undefined ? undefined : patternToRegExp(pattern!);
      if (!re || generated === undefined) continue;
      rules.push({ generated, match: file => file.startsWith(prefix) && re.test(file.slice(prefix.length)) });
    }
  }
  const known = new Map<string, boolean>();
  return file => {
    let answer = known.get(file);
    if (answer === undefined) {
      answer = isGeneratedByName(file);
      for (const rule of rules) if (rule.match(file)) answer = rule.generated;
      known.set(file, answer);
    }
    return answer;
  };
}

/**
 * The repository's `.gitattributes` files (those git tracks, read from the work tree) and a fingerprint of them, so
 * a cached history built with other rules is rebuilt. One `git ls-files`, which reads the index only.
 */
export async function readAttributeFiles(root: string, options: GitOptions = {}): Promise<{ files: AttributeFile[]; fingerprint: string }> {
  const listed = await runGit(root, ['ls-files', '-z', '--', ':(glob).gitattributes', ':(glob)**/.gitattributes'], options);
  const files: AttributeFile[] = [];
  const hash = createHash('sha256');
  for (const file of listed.split('\0').filter(Boolean).sort()) {
    const text = await fs.readFile(path.join(root, file), 'utf8').catch(() => '');
    const dir = path.posix.dirname(file);
    files.push({ dir: dir === '.' ? '' : dir, text });
    hash.update(`${file}\0${text}\0`);
  }
  return { files, fingerprint: files.length ? hash.digest('hex').slice(0, 16) : '' };
}
