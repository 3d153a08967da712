/** Where the packager's inputs and output live. Found from the repository root, so compiled copies work too. */
import { existsSync } from 'node:fs';
import path from 'node:path';

function repoRoot(from: string): string {
  let dir = from;
  while (!existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`no package.json above ${from}`);
    dir = parent;
  }
  return dir;
}

export const REPO_ROOT = repoRoot(__dirname);
export const MANIFEST_DIR = path.join(REPO_ROOT, 'manifest');
export const TEMPLATE_FILE = path.join(MANIFEST_DIR, 'manifest.template.json');
export const ICONS_DIR = path.join(MANIFEST_DIR, 'icons');
export const DEFAULT_ZIP = path.join(REPO_ROOT, 'dist', 'manifest', 'candor.zip');
