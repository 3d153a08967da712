/**
 * `npm start` runs this first: builds the tab (`npm run build:tab`) when tab/dist is missing or older
 * than any source file of the tab, so a fresh clone serves /tab/ without an extra command.
 */
import { execSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const tabDir = path.join(__dirname, '..', 'tab');
const built = path.join(tabDir, 'dist', 'index.html');

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'dist' || entry.name === 'node_modules') continue;
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(full) : statSync(full).mtimeMs);
  }
  return newest;
}

if (!existsSync(built) || statSync(built).mtimeMs < newestSource(tabDir)) {
  console.log('Building the tab (tab/dist)…');
  execSync('npm run build:tab', { stdio: 'inherit', cwd: path.join(__dirname, '..') });
}
