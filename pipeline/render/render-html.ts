import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import Handlebars from 'handlebars';
import { compiledOnce, packageVersion } from '../core/compiled-cache.ts';
import { withNotes } from '../core/footnotes.ts';
import { type DocumentKind, documentKinds } from '../core/model.ts';
import { templatesDir } from '../core/paths.ts';
import { cssString } from '../core/text.ts';
import { type BlockView, type DocumentMeta, type Inline, TOTAL_PAGES } from '../core/view.ts';
import { continuedRowsCss, type GroupedRow, withGroups } from './continued-rows.ts';
import { figureSvg } from './diagram.ts';
import { renderInline } from './inline.ts';

/** The origin from which a rendered page loads its assets; print/ serves it from the project's own files. */
export const assetOrigin = 'https://handlingar.invalid';

/** A template: one per kind of document, the comparison report, and the index of a build's documents. */
export type TemplateName = DocumentKind | 'jamforelse' | 'forteckning';

let compiled: Map<TemplateName, HandlebarsTemplateDelegate> | undefined;

/**
 * Renders a document's view model to a complete HTML page with its styles
 * inlined. `pages` gives the page number of each anchor for the table of
 * contents; unknown numbers print as a placeholder of the same width.
 */
export function renderHtml(kind: TemplateName, view: { meta: DocumentMeta }, pages: ReadonlyMap<string, number> = new Map(), origin = assetOrigin): string {
  compiled ??= compileTemplates();
  const css = ['fonts.css', 'base.css', `${kind}.css`, ...(view.meta.draft ? ['draft.css'] : [])]
    .map((file) => readFileSync(join(templatesDir, 'css', file), 'utf8'))
    .join('\n')
    // Replaced by functions: a replacement string would read `$&`, `$$` and `` $` `` in the header as patterns.
    .replaceAll('{{assets}}', () => `${origin}/assets`)
    .replaceAll('{{header}}', () => cssString(view.meta.header));
  // With PDF bilagor appended, the total counts their pages too; Chromium only knows its own.
  const total = pages.get(TOTAL_PAGES);
  const pagesCss = total === undefined ? '' : `@page { @top-right { content: "Sida " counter(page) " (${total})"; } }`;
  return compiled.get(kind)!({ ...view, css: new Handlebars.SafeString(css), pagesCss: new Handlebars.SafeString(pagesCss) }, { data: { pages } });
}

/**
 * Page-number slots: the elements a template marks `data-page`, whose text is
 * a page number or, for a `<style>`, the rule with the page count. Renderings
 * of a document with other page numbers differ only there.
 */
const SLOT = /(<(span|style) [^>]*?\bdata-page\b[^>]*>)([^<]*)(?=<\/\2>)/g;

/**
 * The texts of the page-number slots of `after`, in document order, when
 * `after` differs from `before` in nothing else; otherwise undefined. A page
 * showing `before` is then made to show `after` by setting those texts.
 */
export function slotTexts(before: string, after: string): string[] | undefined {
  const a = before.split(SLOT);
  const b = after.split(SLOT);
  // split() yields [text, tag, name, slot text, text, ...]: every fourth part from index 3 is a slot's text.
  if (a.length !== b.length || a.some((part, i) => i % 4 !== 3 && part !== b[i])) return undefined;
  const texts = b.filter((_, i) => i % 4 === 3);
  // A character reference would be text in the page, but not in the slot: such a rendering is set anew.
  return texts.some((text) => text.includes('&')) ? undefined : texts;
}

const kinds: TemplateName[] = [...documentKinds, 'jamforelse', 'forteckning'];

/** Precompiled templates: the source of a spec object for each document kind and each partial. */
interface TemplateSpecs {
  kinds: Record<string, TemplateSpecification>;
  partials: Record<string, TemplateSpecification>;
}
type TemplateSpecification = Parameters<typeof Handlebars.template>[0];

/** The templates with our helpers, compiled by Handlebars once (about 0.15 s) and kept precompiled (see compiledOnce). */
export function compileTemplates(cacheDir?: string): Map<TemplateName, HandlebarsTemplateDelegate> {
  const hbs = Handlebars.create();
  // `t`: running text and table cells, hyphenated; `unbroken`: headings and titles, whose words are never broken (bookmarks are read from them).
  hbs.registerHelper('t', (inline: Inline | undefined) => new Handlebars.SafeString(inline === undefined ? '' : renderInline(inline, true)));
  hbs.registerHelper('unbroken', (inline: Inline | undefined) => new Handlebars.SafeString(inline === undefined ? '' : renderInline(inline)));
  hbs.registerHelper('figureSvg', (figure: NonNullable<BlockView['figurblock']>) => new Handlebars.SafeString(figureSvg(figure)));
  hbs.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  // A paragraph that ends in a colon ("Delmål:") introduces the next block and is kept on its page.
  hbs.registerHelper('leadsIn', (inline: Inline | undefined) => typeof inline === 'string' && inline.trimEnd().endsWith(':'));
  // Footnotes ("¹ …" paragraphs) at the end of their sections, in small type (see core/footnotes.ts).
  hbs.registerHelper('withNotes', (blocks: object[]) => withNotes(blocks));
  hbs.registerHelper('withGroups', (rows: GroupedRow[]) => withGroups(rows));
  hbs.registerHelper('continuedRowsCss', (rows: GroupedRow[], prefix: string, options: Handlebars.HelperOptions) =>
    continuedRowsCss(rows, (options.data as { pages: ReadonlyMap<string, number> }).pages, prefix),
  );
  hbs.registerHelper('page', (anchor: string, options: Handlebars.HelperOptions) =>
    String((options.data as { pages: ReadonlyMap<string, number> }).pages.get(anchor) ?? '00'),
  );
  const partialsDir = join(templatesDir, 'partials');
  const sources = {
    kinds: kinds.map((kind) => [kind, readFileSync(join(templatesDir, `${kind}.hbs`), 'utf8')]),
    partials: readdirSync(partialsDir)
      .filter((f) => f.endsWith('.hbs'))
      .sort()
      .map((file) => [basename(file, '.hbs'), readFileSync(join(partialsDir, file), 'utf8')]),
  };
  const specs = compiledOnce(
    'templates',
    [packageVersion('handlebars'), sources],
    () => {
      const code = (entries: string[][]) =>
        `{${entries.map(([name, source]) => `${JSON.stringify(name)}: ${hbs.precompile(source!, { strict: false })}`).join(',\n')}}`;
      const module = `module.exports = { kinds: ${code(sources.kinds)}, partials: ${code(sources.partials)} };`;
      return { value: new Function('module', `${module}; return module.exports;`)({}) as TemplateSpecs, code: module };
    },
    (module) => module as TemplateSpecs,
    cacheDir,
  );
  for (const [name, spec] of Object.entries(specs.partials)) hbs.registerPartial(name, hbs.template(spec));
  return new Map(kinds.map((kind) => [kind, hbs.template(specs.kinds[kind]!)]));
}
