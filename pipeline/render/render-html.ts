import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import Handlebars from 'handlebars';
import { projectRoot } from '../paths.ts';
import type { DocumentMeta, Inline } from '../view.ts';
import { escapeHtml, renderInline } from './inline.ts';

/** The origin from which a rendered page loads its assets; print/ serves it from the project's own files. */
export const assetOrigin = 'https://handlingar.invalid';

export type DocumentKind = 'verksamhetsplan' | 'minnesanteckningar' | 'tjansteskrivelse';

const templatesDir = join(projectRoot, 'templates');
let compiled: Map<DocumentKind, HandlebarsTemplateDelegate> | undefined;

/** Renders a document's view model to a complete HTML page with its styles inlined. */
export function renderHtml(kind: DocumentKind, view: { meta: DocumentMeta }): string {
  compiled ??= compileTemplates();
  const css = ['fonts.css', 'base.css', `${kind}.css`, ...(view.meta.draft ? ['draft.css'] : [])]
    .map((file) => readFileSync(join(templatesDir, 'css', file), 'utf8'))
    .join('\n')
    .replaceAll('{{assets}}', `${assetOrigin}/assets`)
    .replaceAll('{{header}}', cssString(view.meta.header));
  return compiled.get(kind)!({ ...view, css: new Handlebars.SafeString(css) });
}

function compileTemplates(): Map<DocumentKind, HandlebarsTemplateDelegate> {
  const hbs = Handlebars.create();
  hbs.registerHelper('t', (inline: Inline | undefined) => new Handlebars.SafeString(inline === undefined ? '' : renderInline(inline)));
  hbs.registerHelper('attr', (text: string) => new Handlebars.SafeString(escapeHtml(String(text))));
  const partialsDir = join(templatesDir, 'partials');
  for (const file of readdirSync(partialsDir).filter((f) => f.endsWith('.hbs'))) {
    hbs.registerPartial(basename(file, '.hbs'), readFileSync(join(partialsDir, file), 'utf8'));
  }
  const kinds: DocumentKind[] = ['verksamhetsplan', 'minnesanteckningar', 'tjansteskrivelse'];
  return new Map(kinds.map((kind) => [kind, hbs.compile(readFileSync(join(templatesDir, `${kind}.hbs`), 'utf8'), { strict: false })]));
}

/** Quotes text for a CSS `content:` string. */
function cssString(text: string): string {
  return `"${text.replace(/[\\"]/g, (c) => `\\${c}`).replace(/[\n\r]/g, ' ')}"`;
}
