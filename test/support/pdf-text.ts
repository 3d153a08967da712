/**
 * The text of a PDF, read back with pdf-parse. pdf-parse (pdf.js) loads its worker with a dynamic
 * import, which jest's module sandbox refuses ("A dynamic import callback was invoked without
 * --experimental-vm-modules"), so it runs in a plain Node child process that gets the bytes on stdin.
 */
import { spawn } from 'node:child_process';

const READER = `
const { PDFParse } = require('pdf-parse');
const chunks = [];
process.stdin.on('data', (c) => chunks.push(c)).on('end', async () => {
  const parser = new PDFParse({ data: Buffer.concat(chunks) });
  const r = await parser.getText();
  await parser.destroy();
  process.stdout.write(JSON.stringify({ text: r.text, pages: r.total }));
});`;

export async function pdfText(pdf: Buffer): Promise<{ text: string; pages: number }> {
  const child = spawn(process.execPath, ['-e', READER], { cwd: __dirname, stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString('utf8')));
  child.stderr.on('data', (c: Buffer) => (err += c.toString('utf8')));
  const exit = new Promise<number | null>((resolve) => child.on('close', resolve));
  child.stdin.end(pdf);
  const code = await exit;
  if (code !== 0) throw new Error(`pdf-parse failed (exit ${code}): ${err}`);
  return JSON.parse(out) as { text: string; pages: number };
}
