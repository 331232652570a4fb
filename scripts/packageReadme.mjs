#!/usr/bin/env node
// The README that goes into the .vsix: README.md with each image it shows inlined as a PNG data URI. The project has
// no public web home yet, so a relative image would point nowhere once packaged; inlined, the Extensions view shows
// it from the package itself. Only PNG is accepted (vsce rejects SVG images). Writes dist/README.md, which
// scripts/package.mjs hands to vsce with --readme-path.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** README text with its relative images inlined; throws on an image that is missing, not PNG, or remote. */
export function inlineReadmeImages(markdown, baseDir) {
  const inlined = [];
  const inline = src => {
    if (src.startsWith('data:')) throw new Error(`README image already inline: ${src.slice(0, 40)}…`);
    if (/^\w+:\/\//.test(src)) throw new Error(`README image ${src} is remote: the package must carry every image it shows`);
    if (!/\.png$/i.test(src)) throw new Error(`README image ${src} is not a PNG (the Marketplace and vsce accept no SVG)`);
    const file = path.resolve(baseDir, src);
    if (!existsSync(file)) throw new Error(`README image ${src} does not exist`);
    inlined.push(src);
    return `data:image/png;base64,${readFileSync(file).toString('base64')}`;
  };
  const text = markdown
    .replace(/(<img\b[^>]*\bsrc=")([^"]+)(")/g, (_, before, src, after) => before + inline(src) + after)
    .replace(/(!\[[^\]]*\]\()([^)\s]+)(\))/g, (_, before, src, after) => before + inline(src) + after);
  // A relative link (not an anchor) would be broken in the package just the same.
  const relative = [...text.matchAll(/\]\(([^)#][^)]*)\)/g)].map(m => m[1]).filter(l => !/^(\w+:|data:)/.test(l));
  if (relative.length) throw new Error(`README links to files the package does not carry: ${relative.join(', ')}`);
  return { text, images: inlined };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { text, images } = inlineReadmeImages(readFileSync(path.join(root, 'README.md'), 'utf8'), root);
  mkdirSync(path.join(root, 'dist'), { recursive: true });
  writeFileSync(path.join(root, 'dist', 'README.md'), text);
  console.log(`dist/README.md: ${images.length} image(s) inlined (${images.join(', ')}), ${(Buffer.byteLength(text) / 1024).toFixed(0)} KiB`);
}
