/**
 * Template → manifest → validation → zip. The zip holds manifest.json and the icons it names, all at
 * its root, which is what Teams (Developer Portal, admin center, "Upload a custom app") expects.
 * Nothing is written unless the manifest is valid.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import JSZip from 'jszip';
import { buildManifest, isJsonObject, type JsonObject, type ManifestValues } from './build-manifest';
import { ICONS_DIR, TEMPLATE_FILE } from './paths';
import { validateManifest } from './validate-manifest';

export interface PackageInput extends ManifestValues {
  /** Where to write the zip. */
  out: string;
  templateFile?: string;
  iconsDir?: string;
}

export type PackageResult =
  { ok: true; zipPath: string; manifest: JsonObject } | { ok: false; errors: string[] };

/** A fixed timestamp for the zip entries, so the same inputs give the same bytes. */
const ENTRY_DATE = new Date(Date.UTC(2000, 0, 1));

export function readTemplate(file: string = TEMPLATE_FILE): JsonObject {
  const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
  if (!isJsonObject(parsed)) throw new Error(`${file}: not a JSON object`);
  return parsed;
}

function iconFiles(manifest: JsonObject): string[] {
  const icons = manifest.icons;
  return isJsonObject(icons) ? Object.values(icons).filter((v): v is string => typeof v === 'string') : [];
}

export async function buildAppPackage(input: PackageInput): Promise<PackageResult> {
  const iconsDir = input.iconsDir ?? ICONS_DIR;
  let manifest: JsonObject;
  try {
    manifest = buildManifest(readTemplate(input.templateFile), input);
  } catch (err) {
    return { ok: false, errors: [(err as Error).message] };
  }
  const errors = validateManifest(manifest, iconsDir);
  if (errors.length > 0) return { ok: false, errors };

  const zip = new JSZip();
  zip.file('manifest.json', `${JSON.stringify(manifest, null, 2)}\n`, { date: ENTRY_DATE });
  for (const file of iconFiles(manifest))
    zip.file(file, readFileSync(path.join(iconsDir, file)), { date: ENTRY_DATE });
  const bytes = await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
  mkdirSync(path.dirname(input.out), { recursive: true });
  writeFileSync(input.out, bytes);
  return { ok: true, zipPath: input.out, manifest };
}
