import { spawnSync } from 'node:child_process';
import { closeSync, mkdirSync, openSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { PDFDocument, PDFName, PDFRawStream } from 'pdf-lib';
import type { copyOfSources } from './project.ts';

/** A plan of the scratch sources with one section and PDF bilagor at `pdfs` (paths as the plan writes them). */
export function planWithPdfs(scratch: ReturnType<typeof copyOfSources>, pdfs: readonly string[]): string {
  const bilagor = pdfs.map((pdf, i) => `  - { id: b${i}, titel: Bilaga ${i}, pdf: ${JSON.stringify(pdf)} }`).join('\n');
  return scratch.write(
    'verksamhetsplan/2030.yaml',
    'typ: verksamhetsplan\nid: vp-2030\nar: 2030\nutgivare: samarbetskommitten\ndatum: 2030-01-15\nstatus: utkast\nversion: 1\n' +
      `sektioner: [{ id: om, rubrik: Om, innehall: [{ stycke: Text. }] }]\nbilagor:\n${bilagor}\n`,
  );
}

/** A small valid PDF with one page, and what it takes to spoil it in each way a bilaga can be spoilt. */
export async function spoiltPdfs(): Promise<Record<'whole' | 'truncated' | 'broken' | 'encrypted' | 'noPages' | 'bomb', Uint8Array>> {
  const make = async (fill: (doc: PDFDocument) => void | Promise<void>) => {
    const doc = await PDFDocument.create();
    await fill(doc);
    return doc.save({ useObjectStreams: false, addDefaultPage: false });
  };
  const whole = await make((doc) => {
    doc.addPage().drawText('Bilaga');
  });
  const text = Buffer.from(whole).toString('latin1');
  // An encryption dictionary in the trailer, as a password-protected PDF has.
  const encrypted = Buffer.from(text.replace(/trailer\s*<</, 'trailer\n<<\n/Encrypt << /Filter /Standard /V 1 /R 2 /P -4 /O <00> /U <00> >>\n'), 'latin1');
  // A page whose content is 40 MB of nothing, compressed to about forty kilobytes.
  const bomb = await make((doc) => {
    const page = doc.addPage();
    const stream = PDFRawStream.of(doc.context.obj({ Filter: 'FlateDecode' }) as never, deflateSync(Buffer.alloc(40 * 2 ** 20, 0x20), { level: 9 }));
    page.node.set(PDFName.of('Contents'), doc.context.register(stream));
  });
  return {
    whole,
    truncated: whole.subarray(0, Math.floor(whole.length * 0.6)),
    broken: Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 9 0 R >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n'),
    encrypted,
    noPages: await make(() => undefined),
    bomb,
  };
}

/**
 * Files where no source should be: a named pipe, a link to a device, a link
 * out of the sources folder, a socket, and a folder that links to itself;
 * all named .yaml, under bilagor/. Returns a function that closes the socket.
 */
export async function strangeFiles(sources: string): Promise<() => void> {
  const dir = join(sources, 'bilagor');
  expect0(spawnSync('mkfifo', [join(dir, 'pipe.yaml')]).status);
  symlinkSync('/dev/zero', join(dir, 'noll.yaml'));
  symlinkSync('/etc/hostname', join(dir, 'ute.yaml'));
  mkdirSync(join(dir, 'rundgang'));
  symlinkSync('..', join(dir, 'rundgang', 'tillbaka'));
  const socket = createServer();
  await new Promise<void>((resolve) => socket.listen(join(dir, 'uttag.yaml'), resolve));
  // A file of 6 MB that takes no room on the disk.
  closeSync(openSync(join(dir, 'gles.yaml'), 'w'));
  spawnSync('truncate', ['-s', '6M', join(dir, 'gles.yaml')]);
  writeFileSync(join(dir, 'vanlig.yaml'), 'typ: bilaga\nid: vanlig\ninnehall: [{ stycke: Text. }]\n');
  return () => socket.close();
}

function expect0(status: number | null): void {
  if (status !== 0) throw new Error('mkfifo failed');
}

/** Sources that pass every single list's limit and are still too large as a whole: too many items, too much text, nested too deep. */
export function oversizedSources(): Record<'items' | 'text' | 'depth', { path: string; text: string }> {
  const paragraph = 'x'.repeat(19_000);
  return {
    items: {
      path: 'bilagor/lang-lista.yaml',
      text: `typ: bilaga\nid: lang-lista\ninnehall:\n  - lista: [${Array.from({ length: 5_001 }, () => 'a').join(', ')}]\n`,
    },
    text: {
      path: 'bilagor/mycket-text.yaml',
      text: `typ: bilaga\nid: mycket-text\ninnehall:\n${Array.from({ length: 60 }, () => `  - stycke: ${paragraph}\n`).join('')}`,
    },
    depth: { path: 'minnesanteckningar/djup.yaml', text: deepMinutes() },
  };
}

function deepMinutes(): string {
  const item = (level: number): string[] => {
    const head = [`- id: p${level}`, `  rubrik: Nivå ${level}`];
    return level === 13 ? head : [...head, '  underpunkter:', ...item(level + 1).map((line) => `    ${line}`)];
  };
  return [
    'typ: minnesanteckningar',
    'id: djup',
    'organ: ledningsgruppen',
    'datum: 2023-11-24',
    'tid: { start: "08:30", slut: "11:00" }',
    'plats: Huddinge',
    'status: utkast',
    'version: 1',
    'ordforande: magnus-gyllestad',
    'sekreterare: helene-olofsson',
    'justerare: cynthia-runefjard',
    'deltagare: [magnus-gyllestad, helene-olofsson, cynthia-runefjard]',
    'punkter:',
    ...item(0).map((line) => `  ${line}`),
    '',
  ].join('\n');
}
