import { describe, expect, it } from 'vitest';
import { TOTAL_PAGES, type VerksamhetsplanView } from '../../pipeline/core/view.ts';
import { renderHtml, slotTexts } from '../../pipeline/render/render-html.ts';
import { preparedDocuments } from '../helpers/project.ts';

const documents = await preparedDocuments();
const found = documents.find((d) => d.job.source.path.endsWith('2023.yaml'))!;
const plan = { ...found, view: found.view as VerksamhetsplanView };
// Tyresö's letter in the ärende VP 2023, whose bilaga (the plan) is appended.
const letter = documents.find((d) => d.job.source.path.endsWith('vp-2023/tyreso.yaml'))!;

describe('page-number slots (what the pass after a draft sets in the page instead of the whole rendering)', () => {
  it("of a plan are its table of contents' numbers and the page-count rule, in document order", () => {
    const anchors = [...plan.view.sektioner, ...plan.view.bilagor].map((s) => s.anchor);
    const numbers = new Map(anchors.map((anchor, i) => [anchor, i + 3]));
    const texts = slotTexts(renderHtml('verksamhetsplan', plan.view), renderHtml('verksamhetsplan', plan.view, numbers));
    expect(texts).toEqual(['', ...anchors.map((_, i) => String(i + 3))]);
  });

  it('of a tjänsteskrivelse with an appended bilaga are the rule that prints the page count, bilaga pages included', () => {
    expect(letter.appendix.length).toBeGreaterThan(0);
    const texts = slotTexts(renderHtml('tjansteskrivelse', letter.view), renderHtml('tjansteskrivelse', letter.view, new Map([[TOTAL_PAGES, 9]])));
    expect(texts).toEqual(['@page { @top-right { content: "Sida " counter(page) " (9)"; } }']);
  });

  it('are not enough when renderings differ in anything else: another document, another title', () => {
    const other = documents.find((d) => d.job.source.path.endsWith('2020.yaml'))!;
    expect(slotTexts(renderHtml('verksamhetsplan', plan.view), renderHtml('verksamhetsplan', other.view))).toBeUndefined();
    const retitled = { ...plan.view, titel: `${plan.view.titel} (reviderad)` };
    expect(slotTexts(renderHtml('verksamhetsplan', plan.view), renderHtml('verksamhetsplan', retitled))).toBeUndefined();
    expect(slotTexts(renderHtml('verksamhetsplan', plan.view), renderHtml('verksamhetsplan', plan.view))).toBeDefined();
  });

  it('are not used for a text with a character reference, which the page would not show as written', () => {
    const html = (text: string) => `<p>a</p><span class="sida" data-page>${text}</span>`;
    expect(slotTexts(html('1'), html('2'))).toEqual(['2']);
    expect(slotTexts(html('1'), html('&amp;'))).toBeUndefined();
  });
});
