import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import Handlebars from 'handlebars';
import { projectRoot } from '../paths.ts';
import { TOTAL_PAGES, type DocumentMeta, type Inline } from '../view.ts';
import { renderInline } from './inline.ts';

/** The origin from which a rendered page loads its assets; print/ serves it from the project's own files. */
export const assetOrigin = 'https://handlingar.invalid';

export type DocumentKind = 'verksamhetsplan' | 'minnesanteckningar' | 'tjansteskrivelse' | 'jamforelse';

const templatesDir = join(projectRoot, 'templates');
let compiled: Map<DocumentKind, HandlebarsTemplateDelegate> | undefined;

/**
 * Renders a document's view model to a complete HTML page with its styles
 * inlined. `pages` gives the page number of each anchor for the table of
 * contents; unknown numbers print as a placeholder of the same width.
 */
export function renderHtml(
  kind: DocumentKind, view: { meta: DocumentMeta }, pages: ReadonlyMap<string, number> = new Map(), origin = assetOrigin,
): string {
  compiled ??= compileTemplates();
  const css = ['fonts.css', 'base.css', `${kind}.css`, ...(view.meta.draft ? ['draft.css'] : [])]
    .map((file) => readFileSync(join(templatesDir, 'css', file), 'utf8'))
    .join('\n')
    .replaceAll('{{assets}}', `${origin}/assets`)
    .replaceAll('{{header}}', cssString(view.meta.header))
    // With PDF bilagor appended, the total counts their pages too; Chromium only knows its own.
    .replaceAll('{{pages}}', pages.has(TOTAL_PAGES) ? `"${pages.get(TOTAL_PAGES)}"` : 'counter(pages)');
  return compiled.get(kind)!({ ...view, css: new Handlebars.SafeString(css) }, { data: { pages } });
}

function compileTemplates(): Map<DocumentKind, HandlebarsTemplateDelegate> {
  const hbs = Handlebars.create();
  hbs.registerHelper('t', (inline: Inline | undefined) => new Handlebars.SafeString(inline === undefined ? '' : renderInline(inline)));
  hbs.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  hbs.registerHelper('page', (anchor: string, options: Handlebars.HelperOptions) =>
    String((options.data as { pages: ReadonlyMap<string, number> }).pages.get(anchor) ?? '00'));
  const partialsDir = join(templatesDir, 'partials');
  for (const file of readdirSync(partialsDir).filter((f) => f.endsWith('.hbs'))) {
    hbs.registerPartial(basename(file, '.hbs'), readFileSync(join(partialsDir, file), 'utf8'));
  }
  const kinds: DocumentKind[] = ['verksamhetsplan', 'minnesanteckningar', 'tjansteskrivelse', 'jamforelse'];
  return new Map(kinds.map((kind) => [kind, hbs.compile(readFileSync(join(templatesDir, `${kind}.hbs`), 'utf8'), { strict: false })]));
}

/** Quotes text for a CSS `content:` string. */
function cssString(text: string): string {
  return `"${text.replace(/[\\"]/g, (c) => `\\${c}`).replace(/[\n\r]/g, ' ')}"`;
}
