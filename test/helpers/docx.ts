import { strFromU8, unzipSync } from 'fflate';

/** An XML element as the small parser below reads it. */
export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: Array<XmlElement | string>;
}

const entities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const decode = (text: string) =>
  text.replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (_, e: string) =>
    e[0] === '#' ? String.fromCodePoint(Number(e[1] === 'x' || e[1] === 'X' ? `0x${e.slice(2)}` : e.slice(1))) : entities[e]!,
  );

/**
 * Parses XML as far as a DOCX part needs (elements, attributes, text,
 * entities), throwing on a tag closed that was not open: enough to read
 * back what the writer made without using the library that made it.
 */
export function parseXml(xml: string): XmlElement {
  const root: XmlElement = { name: '#root', attributes: {}, children: [] };
  const stack = [root];
  for (const [token, close, name, attrs, selfClosing, text] of xml.matchAll(/<\?[^>]*\?>|<(\/?)([\w:]+)((?:\s+[\w:]+="[^"]*")*)\s*(\/?)>|([^<]+)/g)) {
    if (token.startsWith('<?')) continue;
    const top = stack[stack.length - 1]!;
    if (text !== undefined) {
      top.children.push(decode(text));
    } else if (close) {
      if (top.name !== name) throw new Error(`</${name}> closes <${top.name}>`);
      stack.pop();
    } else {
      const attributes = Object.fromEntries([...attrs!.matchAll(/([\w:]+)="([^"]*)"/g)].map(([, k, v]) => [k!, decode(v!)]));
      const element: XmlElement = { name: name!, attributes, children: [] };
      top.children.push(element);
      if (!selfClosing) stack.push(element);
    }
  }
  if (stack.length !== 1) throw new Error(`<${stack[stack.length - 1]!.name}> is never closed`);
  return root;
}

/** Every element named `name` below `element`, in document order. */
export function findAll(element: XmlElement, name: string): XmlElement[] {
  return element.children.flatMap((c) => (typeof c === 'string' ? [] : [...(c.name === name ? [c] : []), ...findAll(c, name)]));
}

/** The text of an element: its w:t, with w:tab as a tab. */
export function textOf(element: XmlElement): string {
  return element.children.map((c) => (typeof c === 'string' ? (element.name === 'w:t' ? c : '') : c.name === 'w:tab' ? '\t' : textOf(c))).join('');
}

/** What a test reads in a DOCX's word/document.xml. */
export interface DocxContent {
  files: string[];
  part: (path: string) => string;
  /** Every paragraph, tables' included, in order. */
  paragraphs: Array<{ style: string | undefined; numbered: boolean; inTable: boolean; text: string; bold: string[]; italic: string[] }>;
  tables: number;
  controls: Array<{ tag: string; alias: string; placeholder: string; showingPlaceholder: boolean; plainText: boolean }>;
}

/** Unzips a DOCX and reads its body. */
export function readDocx(bytes: Uint8Array): DocxContent {
  const files = unzipSync(bytes);
  const part = (path: string) => strFromU8(files[path]!);
  const body = findAll(parseXml(part('word/document.xml')), 'w:body')[0]!;
  const inTables = new Set(findAll(body, 'w:tbl').flatMap((t) => findAll(t, 'w:p')));
  const value = (element: XmlElement, name: string) => findAll(element, name)[0]?.attributes['w:val'];
  const runsWith = (p: XmlElement, flag: string) =>
    findAll(p, 'w:r')
      .filter((r) => findAll(r, flag).length > 0)
      .map(textOf);
  return {
    files: Object.keys(files),
    part,
    paragraphs: findAll(body, 'w:p').map((p) => ({
      style: value(p, 'w:pStyle'),
      numbered: findAll(p, 'w:numPr').length > 0,
      inTable: inTables.has(p),
      text: textOf(p),
      bold: runsWith(p, 'w:b'),
      italic: runsWith(p, 'w:i'),
    })),
    tables: findAll(body, 'w:tbl').length,
    controls: findAll(body, 'w:sdt').map((sdt) => {
      const properties = findAll(sdt, 'w:sdtPr')[0]!;
      return {
        tag: value(properties, 'w:tag') ?? '',
        alias: value(properties, 'w:alias') ?? '',
        placeholder: textOf(findAll(sdt, 'w:sdtContent')[0]!),
        showingPlaceholder: findAll(properties, 'w:showingPlcHdr').length > 0,
        plainText: findAll(properties, 'w:text').length > 0,
      };
    }),
  };
}
