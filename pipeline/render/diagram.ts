import { typographic } from '../core/text.ts';
import type { BlockView } from '../core/view.ts';

/**
 * A goal structure drawn as SVG: the vision at the top, its goals below it
 * and each goal's sub-goals below that, as boxes joined by lines. The text
 * is the sources' own, escaped for XML, set in the house font; the page's
 * @font-face applies, since the SVG is inline. Nothing is loaded.
 *
 * Lines are broken here, not by the browser (SVG text does not wrap): by
 * widths estimated generously from Source Sans 3's, so that a line never
 * runs out of its box. The drawing's units are points of the plan's column
 * (476 pt wide), to which the page scales it; font sizes are given in them.
 */

type Goals = NonNullable<NonNullable<BlockView['figurblock']>['malstruktur']>;

const WIDTH = 476;
const GAP = 14;
const PAD = 8;
const LABEL = 7.5;
const TEXT = 9.5;
const LEADING = 12;

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
  label: string;
  lines: string[];
  style: 'vision' | 'mal' | 'delmal';
}

/** A figure's SVG, inline: an image to readers of the PDF (a Figure), with the figure's alternative text. */
export function figureSvg(figure: NonNullable<BlockView['figurblock']>): string {
  const { body, height } = goalDiagram(figure.malstruktur!);
  return `<svg role="img" aria-label="${escapeXml(figure.alt)}" viewBox="0 0 ${WIDTH} ${f(height)}" width="${WIDTH}" height="${f(height)}">${body}</svg>`;
}

/** The drawing's SVG elements (without the svg element itself) and its height. */
export function goalDiagram(goals: Goals): { body: string; height: number } {
  // Each goal takes as many slots as it has sub-goals (at least one); the slots share the width.
  const spans = goals.mal.map((m) => Math.max(1, m.delmal.length));
  const slots = spans.reduce((a, b) => a + b, 0);
  const slot = (WIDTH - (slots - 1) * GAP) / slots;
  const span = (n: number) => n * slot + (n - 1) * GAP;

  const rows: Box[][] = [[], [], []];
  rows[0]!.push(box(WIDTH, 'Vision', goals.vision, 'vision'));
  let x = 0;
  goals.mal.forEach((m, i) => {
    const goal = box(span(spans[i]!), m.rubrik, m.text, 'mal');
    // A goal as wide as the drawing is drawn narrower and keeps its centre; any other starts where its slots do.
    rows[1]!.push(goal.width < span(spans[i]!) ? goal : { ...goal, x });
    rows[2]!.push(...m.delmal.map((d, j) => ({ ...box(slot, d.rubrik, d.text, 'delmal'), x: x + j * (slot + GAP) })));
    x += span(spans[i]!) + GAP;
  });

  const ROW_GAP = 22;
  let y = 0;
  for (const row of rows.filter((r) => r.length > 0)) {
    const height = Math.max(...row.map((b) => b.height));
    for (const b of row) Object.assign(b, { y, height });
    y += height + ROW_GAP;
  }
  const [vision, mal, delmal] = rows as [Box[], Box[], Box[]];
  const lines = [
    ...connect(vision, mal),
    ...mal.flatMap((m, i) => connect([m], delmal.slice(rowStart(goals, i), rowStart(goals, i) + goals.mal[i]!.delmal.length))),
  ];
  return { body: [...lines, ...rows.flat().map(draw)].join(''), height: y - ROW_GAP + 1 };
}

/** Where goal i's sub-goals begin in the bottom row. */
function rowStart(goals: Goals, i: number): number {
  return goals.mal.slice(0, i).reduce((n, m) => n + m.delmal.length, 0);
}

/** A box of the given width for a label and a text; a box as wide as the drawing is drawn narrower, centred. */
function box(width: number, label: string, markedUp: string, style: Box['style']): Box {
  // *kursiv* and **fet** are for running text: the diagram sets its own weights. Quotes as in running text.
  const text = typographic(markedUp.replace(/\*\*(.+?)\*\*|\*(.+?)\*/g, '$1$2'));
  const drawn = width >= WIDTH ? Math.round(WIDTH * 0.72) : width;
  const lines = wrap(text, drawn - 2 * PAD, TEXT);
  const labels = wrap(typographic(label).toUpperCase(), drawn - 2 * PAD, LABEL * 1.15);
  return {
    x: (WIDTH - drawn) / 2,
    y: 0,
    width: drawn,
    height: PAD + labels.length * (LABEL + 3) + 3 + lines.length * LEADING + PAD - 2,
    label: labels.join('\n'),
    lines,
    style,
  };
}

/** The lines from each parent's foot to each child's head: down, across, down. */
function connect(parents: Box[], children: Box[]): string[] {
  if (parents.length === 0 || children.length === 0) return [];
  const mid = (b: Box) => b.x + b.width / 2;
  const top = children[0]!.y;
  const bottom = parents[0]!.y + parents[0]!.height;
  const bus = (bottom + top) / 2;
  const xs = [...parents, ...children].map(mid);
  const path = [
    ...parents.map((p) => `M${f(mid(p))} ${f(bottom)}V${f(bus)}`),
    `M${f(Math.min(...xs))} ${f(bus)}H${f(Math.max(...xs))}`,
    ...children.map((c) => `M${f(mid(c))} ${f(bus)}V${f(top)}`),
  ];
  return [`<path class="linje" d="${path.join('')}"/>`];
}

function draw(b: Box): string {
  const labels = b.label.split('\n');
  const texts = [
    ...labels.map(
      (l, i) => `<text class="etikett" font-size="${LABEL}" x="${f(b.x + PAD)}" y="${f(b.y + PAD + LABEL + i * (LABEL + 3))}">${escapeXml(l)}</text>`,
    ),
    ...b.lines.map(
      (l, i) =>
        `<text class="maltext" font-size="${TEXT}" x="${f(b.x + PAD)}" y="${f(b.y + PAD + labels.length * (LABEL + 3) + 3 + TEXT + i * LEADING)}">${escapeXml(l)}</text>`,
    ),
  ];
  return `<g class="${b.style}"><rect x="${f(b.x)}" y="${f(b.y)}" width="${f(b.width)}" height="${f(b.height)}" rx="3"/>${texts.join('')}</g>`;
}

/** Breaks a text into lines no wider than `width` points at `size`, at spaces; a word longer than a line stands alone. */
export function wrap(text: string, width: number, size: number): string[] {
  const lines: string[] = [];
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const last = lines.at(-1);
    if (last !== undefined && textWidth(`${last} ${word}`, size) <= width) lines[lines.length - 1] = `${last} ${word}`;
    else lines.push(word);
  }
  return lines;
}

/**
 * A generous estimate of a text's width in Source Sans 3, semibold or bold: measured in Chromium, Swedish
 * text runs 0.41–0.45 em a letter and capitals 0.56; this comes out 2–7 % wider.
 */
export function textWidth(text: string, size: number): number {
  let em = 0;
  for (const c of text) {
    if (/[ .,:;'’!|]/.test(c)) em += 0.25;
    else if (/[ijlft()\-–r]/.test(c)) em += 0.35;
    else if (/[mwMW]/.test(c)) em += 0.79;
    else if (/\p{Lu}/u.test(c)) em += 0.62;
    else em += 0.51;
  }
  return em * size;
}

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);
}

const f = (n: number) => String(Math.round(n * 10) / 10);
