/**
 * The certificate of completion as a PDF: one landscape Letter page, drawn in vector (the QR code too),
 * with the standard PDF fonts (Times for the text a person reads, Helvetica for the small print).
 *
 * Layout, top to bottom: the agency's name, "Certificate of Completion", the person's name large over a
 * rule, "has completed", the training or course title, the date and duration; at the foot, the QR code to
 * the verification page with its URL and the verification code, and a seal. A long name or title is set
 * smaller until it fits; nothing ever flows onto a second page.
 */
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import { DateTime } from 'luxon';
import { formatDuration } from '../domain/certificates/rules';
import type { Certificate } from '../domain/certificates/types';

export interface CertificatePdfOptions {
  agencyName: string;
  /** `${PUBLIC_URL}/verify/{code}`: the QR code's target, also printed. */
  verifyUrl: string;
}

const PAGE = { width: 792, height: 612 }; // Letter, landscape (points)
const NAVY = '#1b2a4a';
const GOLD = '#b08d3c';
const INK = '#2b2b2b';
const MUTED = '#5b6472';
const PAPER = '#fffdf7';

/** "2026-03-14" → "March 14, 2026". */
export function longDate(calendarDate: string): string {
  return DateTime.fromISO(calendarDate, { zone: 'utc' }).setLocale('en-US').toFormat('MMMM d, yyyy');
}

export async function renderCertificatePdf(
  certificate: Certificate,
  opts: CertificatePdfOptions,
): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'LETTER',
    layout: 'landscape',
    margin: 0,
    info: {
      Title: `Certificate of Completion — ${certificate.title}`,
      Author: opts.agencyName,
      Subject: `Verification code ${certificate.code}`,
      CreationDate: certificate.issuedAt,
    },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  drawFrame(doc);
  drawText(doc, certificate, opts);
  drawQr(doc, opts.verifyUrl, { x: 84, y: 452, size: 76 });
  drawFootnote(doc, certificate, opts.verifyUrl, { x: 172, y: 462 });
  drawSeal(doc, { x: PAGE.width - 150, y: 492 });
  doc.end();
  return done;
}

function drawFrame(doc: PDFKit.PDFDocument): void {
  doc.rect(0, 0, PAGE.width, PAGE.height).fill(PAPER);
  // A heavy navy border, a fine gold rule inside it, and small gold squares at the corners.
  doc
    .lineWidth(10)
    .strokeColor(NAVY)
    .rect(22, 22, PAGE.width - 44, PAGE.height - 44)
    .stroke();
  doc
    .lineWidth(1.2)
    .strokeColor(GOLD)
    .rect(36, 36, PAGE.width - 72, PAGE.height - 72)
    .stroke();
  doc
    .lineWidth(0.5)
    .strokeColor(GOLD)
    .rect(41, 41, PAGE.width - 82, PAGE.height - 82)
    .stroke();
  for (const [x, y] of [
    [36, 36],
    [PAGE.width - 36, 36],
    [36, PAGE.height - 36],
    [PAGE.width - 36, PAGE.height - 36],
  ] as const) {
    doc.save().translate(x, y).rotate(45).rect(-6, -6, 12, 12).fill(GOLD).restore();
  }
}

/** The largest size up to `max` at which `text` fits `width` on one line, never below `min`. */
function fitSize(
  doc: PDFKit.PDFDocument,
  font: string,
  text: string,
  width: number,
  max: number,
  min: number,
) {
  doc.font(font);
  let size = max;
  while (size > min && doc.fontSize(size).widthOfString(text) > width) size -= 1;
  return size;
}

function centered(
  doc: PDFKit.PDFDocument,
  text: string,
  y: number,
  style: {
    font: string;
    size: number;
    color: string;
    width?: number;
    height?: number;
  },
): void {
  const width = style.width ?? PAGE.width - 160;
  doc
    .font(style.font)
    .fontSize(style.size)
    .fillColor(style.color)
    .text(text, (PAGE.width - width) / 2, y, {
      width,
      align: 'center',
      lineBreak: style.height !== undefined,
      height: style.height,
      ellipsis: style.height !== undefined,
    });
}

function drawText(doc: PDFKit.PDFDocument, c: Certificate, opts: CertificatePdfOptions): void {
  centered(doc, opts.agencyName.toUpperCase(), 78, {
    font: 'Helvetica-Bold',
    size: fitSize(doc, 'Helvetica-Bold', opts.agencyName.toUpperCase(), PAGE.width - 200, 13, 8),
    color: NAVY,
  });
  rule(doc, PAGE.width / 2 - 40, PAGE.width / 2 + 40, 102, GOLD, 1);

  centered(doc, 'Certificate of Completion', 116, { font: 'Times-Bold', size: 40, color: NAVY });
  centered(doc, 'This certifies that', 176, { font: 'Times-Italic', size: 15, color: MUTED });

  const nameWidth = PAGE.width - 220;
  const nameSize = fitSize(doc, 'Times-BoldItalic', c.recipientName, nameWidth, 36, 16);
  centered(doc, c.recipientName, 204 + (36 - nameSize) / 2, {
    font: 'Times-BoldItalic',
    size: nameSize,
    color: INK,
    width: nameWidth,
  });
  rule(doc, 170, PAGE.width - 170, 250, GOLD, 0.8);

  centered(doc, 'has completed', 264, { font: 'Times-Italic', size: 15, color: MUTED });

  // The title wraps to two lines at most, set smaller when it is long.
  const titleWidth = PAGE.width - 200;
  doc.font('Times-Bold');
  let titleSize = 22;
  while (
    titleSize > 12 &&
    doc.fontSize(titleSize).heightOfString(c.title, { width: titleWidth }) > titleSize * 2.5
  )
    titleSize -= 1;
  const titleHeight = Math.min(doc.heightOfString(c.title, { width: titleWidth }), titleSize * 2.6);
  centered(doc, c.title, 292, {
    font: 'Times-Bold',
    size: titleSize,
    color: NAVY,
    width: titleWidth,
    height: titleSize * 2.6,
  });

  const after = 292 + titleHeight + 16;
  centered(doc, `on ${longDate(c.completedOn)}`, after, { font: 'Times-Roman', size: 15, color: INK });
  centered(doc, `Duration: ${formatDuration(c.durationMinutes)}`, after + 24, {
    font: 'Times-Italic',
    size: 12,
    color: MUTED,
  });
}

function rule(
  doc: PDFKit.PDFDocument,
  x1: number,
  x2: number,
  y: number,
  color: string,
  width: number,
): void {
  doc.moveTo(x1, y).lineTo(x2, y).lineWidth(width).strokeColor(color).stroke();
}

/** The QR code as filled squares (crisp at any zoom, no image). */
function drawQr(doc: PDFKit.PDFDocument, url: string, at: { x: number; y: number; size: number }): void {
  const qr = QRCode.create(url, { errorCorrectionLevel: 'M' });
  const n = qr.modules.size;
  const cell = at.size / n;
  doc.rect(at.x - 4, at.y - 4, at.size + 8, at.size + 8).fill('#ffffff');
  doc.fillColor('#000000');
  for (let row = 0; row < n; row++)
    for (let col = 0; col < n; col++)
      if (qr.modules.get(row, col)) doc.rect(at.x + col * cell, at.y + row * cell, cell + 0.05, cell + 0.05);
  doc.fill('#000000');
}

function drawFootnote(
  doc: PDFKit.PDFDocument,
  c: Certificate,
  verifyUrl: string,
  at: { x: number; y: number },
): void {
  const width = 330;
  doc.font('Helvetica').fontSize(8).fillColor(MUTED).text('Verification code', at.x, at.y, {
    width,
    lineBreak: false,
  });
  doc
    .font('Courier-Bold')
    .fontSize(15)
    .fillColor(INK)
    .text(c.code, at.x, at.y + 12, { width, lineBreak: false });
  doc
    .font('Helvetica')
    .fontSize(8)
    .fillColor(MUTED)
    .text('Scan the code or visit', at.x, at.y + 36, { width, lineBreak: false });
  doc
    .font('Helvetica')
    .fontSize(8)
    .fillColor(NAVY)
    .text(verifyUrl, at.x, at.y + 47, { width, lineBreak: false, link: verifyUrl, underline: false });
}

/** A gold rosette: two rings, a band of small rays, and "COMPLETED" in the centre. */
function drawSeal(doc: PDFKit.PDFDocument, center: { x: number; y: number }): void {
  const { x, y } = center;
  doc.save();
  for (let i = 0; i < 48; i++) {
    const a = (i / 48) * Math.PI * 2;
    const r1 = 40;
    const r2 = i % 2 === 0 ? 47 : 44;
    doc
      .moveTo(x + Math.cos(a) * r1, y + Math.sin(a) * r1)
      .lineTo(x + Math.cos(a) * r2, y + Math.sin(a) * r2)
      .lineWidth(1.4)
      .strokeColor(GOLD)
      .stroke();
  }
  doc.circle(x, y, 40).fill(GOLD);
  doc.circle(x, y, 34).lineWidth(0.8).strokeColor(PAPER).stroke();
  doc.circle(x, y, 31).lineWidth(0.4).strokeColor(PAPER).stroke();
  doc
    .font('Times-Bold')
    .fontSize(8)
    .fillColor(PAPER)
    .text('COMPLETED', x - 40, y - 3.5, { width: 80, align: 'center', lineBreak: false });
  doc.restore();
}
