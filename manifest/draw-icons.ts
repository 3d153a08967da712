/**
 * Draws the app's two icons with simple geometry and writes them to manifest/icons/:
 * - color.png, 192×192: a rounded square in civic blue #1F4E79 holding a white shield with a check
 *   cut out of it (the symbol stays inside the central ~100 px, as Teams crops the edges);
 * - outline.png, 32×32: the same shield in white on a transparent background (only white + alpha).
 *
 * `npx tsx manifest/draw-icons.ts` re-creates both files; the drawing is deterministic, so the
 * committed PNGs are exactly what this script draws (a test compares the pixels).
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { PNG } from 'pngjs';
import { ICONS_DIR } from './paths';

type Rgb = readonly [number, number, number];
type Point = readonly [number, number];
/** What covers a point of the canvas: a colour, or nothing (transparent). */
type Paint = (x: number, y: number) => Rgb | null;

interface Box {
  left: number;
  top: number;
  width: number;
  height: number;
}

export const CIVIC_BLUE: Rgb = [0x1f, 0x4e, 0x79];
const WHITE: Rgb = [255, 255, 255];
/** Samples per pixel along each axis: edges get 16 levels of anti-aliasing. */
const SUPERSAMPLING = 4;

function insideRoundedSquare(x: number, y: number, size: number, radius: number): boolean {
  const half = size / 2;
  const dx = Math.max(Math.abs(x - half) - (half - radius), 0);
  const dy = Math.max(Math.abs(y - half) - (half - radius), 0);
  return dx * dx + dy * dy <= radius * radius;
}

/** A heater shield: straight sides for the upper 55 %, then curving in to a point at the bottom. */
function insideShield(x: number, y: number, box: Box): boolean {
  const t = (y - box.top) / box.height;
  if (t < 0 || t > 1) return false;
  const shoulder = 0.55;
  const taper = t <= shoulder ? 1 : Math.cos(((t - shoulder) / (1 - shoulder)) * (Math.PI / 2));
  return Math.abs(x - (box.left + box.width / 2)) <= (box.width / 2) * taper;
}

function distanceToSegment(px: number, py: number, a: Point, b: Point): number {
  const [ax, ay] = a;
  const [bx, by] = b;
  const lengthSquared = (bx - ax) ** 2 + (by - ay) ** 2;
  const t = Math.min(1, Math.max(0, ((px - ax) * (bx - ax) + (py - ay) * (by - ay)) / lengthSquared));
  return Math.hypot(px - (ax + t * (bx - ax)), py - (ay + t * (by - ay)));
}

/** The check mark, in coordinates relative to the shield's box (0..1 on both axes). */
function onCheck(x: number, y: number, box: Box): boolean {
  const at = (u: number, v: number): Point => [box.left + u * box.width, box.top + v * box.height];
  const [start, corner, end] = [at(0.27, 0.47), at(0.45, 0.65), at(0.75, 0.33)];
  const halfStroke = 0.075 * box.width;
  return (
    distanceToSegment(x, y, start, corner) <= halfStroke || distanceToSegment(x, y, corner, end) <= halfStroke
  );
}

/** Renders a paint function with supersampling; colours are averaged weighted by coverage. */
function render(size: number, paint: Paint): PNG {
  const png = new PNG({ width: size, height: size });
  const samples = SUPERSAMPLING * SUPERSAMPLING;
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let covered = 0;
      const sum = [0, 0, 0];
      for (let j = 0; j < SUPERSAMPLING; j++) {
        for (let i = 0; i < SUPERSAMPLING; i++) {
          const colour = paint(px + (i + 0.5) / SUPERSAMPLING, py + (j + 0.5) / SUPERSAMPLING);
          if (!colour) continue;
          covered++;
          colour.forEach((c, k) => (sum[k]! += c));
        }
      }
      const offset = (py * size + px) * 4;
      // Fully transparent pixels are white too, so the outline holds nothing but white and alpha.
      const rgb = covered === 0 ? WHITE : sum.map((c) => Math.round(c / covered));
      png.data[offset] = rgb[0]!;
      png.data[offset + 1] = rgb[1]!;
      png.data[offset + 2] = rgb[2]!;
      png.data[offset + 3] = Math.round((255 * covered) / samples);
    }
  }
  return png;
}

export function drawColorIcon(): PNG {
  const size = 192;
  const shield: Box = { left: 52, top: 42, width: 88, height: 108 };
  return render(size, (x, y) => {
    if (!insideRoundedSquare(x, y, size, 40)) return null;
    return insideShield(x, y, shield) && !onCheck(x, y, shield) ? WHITE : CIVIC_BLUE;
  });
}

export function drawOutlineIcon(): PNG {
  const shield: Box = { left: 5.5, top: 3, width: 21, height: 26 };
  return render(32, (x, y) => (insideShield(x, y, shield) && !onCheck(x, y, shield) ? WHITE : null));
}

export const ICON_DRAWINGS = { 'color.png': drawColorIcon, 'outline.png': drawOutlineIcon } as const;

if (require.main === module) {
  for (const [file, draw] of Object.entries(ICON_DRAWINGS)) {
    const target = path.join(ICONS_DIR, file);
    writeFileSync(target, PNG.sync.write(draw(), { colorType: 6 }));
    console.log(`wrote ${path.relative(process.cwd(), target)}`);
  }
}
