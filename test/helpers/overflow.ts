/**
 * Run in a page showing a rendered document (PrintPage.inspect): every box
 * that text runs out of. The page is laid out at the width of the printed
 * text block: A4 less the `@page` margins of templates/css/base.css (20 and
 * 22 mm) for the document, 297 mm less them for the sections printed on the
 * landscape pages of verksamhetsplan.css. Two checks: an element whose
 * content is wider than it (scrollWidth > clientWidth: a word wider than its
 * cell), and a line of text whose rectangle leaves the content box of the
 * block it is in (a word running into the next column while its cell does
 * not scroll); and a line of a figure's diagram (SVG text, which has no CSS
 * box) that leaves the rect drawn around it. Returns one line per offence:
 * the element, and its text.
 */
export const FIND_OVERFLOW = `(() => {
  const style = document.createElement('style');
  style.textContent = 'html { width: 168mm; } section.bilaga:has(table.handlingsplan) { width: 255mm; }';
  document.head.append(style);
  const landscape = document.querySelector('section.bilaga:has(table.handlingsplan)');
  const name = (e) => e.tagName.toLowerCase() + (e.className && typeof e.className === 'string' ? '.' + e.className.split(' ').join('.') : '');
  const found = [];
  const blockOf = (node) => {
    let e = node.parentElement;
    while (e && getComputedStyle(e).display.startsWith('inline')) e = e.parentElement;
    return e;
  };
  for (const e of document.body.querySelectorAll('*')) {
    if (landscape && e.contains(landscape)) continue;
    // A drawing's elements have no CSS box (no client width): their text is held against its box below.
    if (e.closest('svg')) continue;
    const display = getComputedStyle(e).display;
    if (display.startsWith('inline') || display === 'none' || display === 'contents') continue;
    if (e.scrollWidth > e.clientWidth + 1) found.push(name(e) + ' is ' + (e.scrollWidth - e.clientWidth) + ' px too narrow for: ' + e.textContent.trim().slice(0, 60));
  }
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (!node.textContent.trim()) continue;
    const block = blockOf(node);
    if (!block || (landscape && block.contains(landscape))) continue;
    const box = block.getBoundingClientRect();
    const css = getComputedStyle(block);
    const left = box.left + parseFloat(css.borderLeftWidth) + parseFloat(css.paddingLeft);
    const right = box.right - parseFloat(css.borderRightWidth) - parseFloat(css.paddingRight);
    const range = document.createRange();
    range.selectNodeContents(node);
    for (const rect of range.getClientRects()) {
      if (rect.width > 0 && (rect.right > right + 0.5 || rect.left < left - 0.5)) {
        found.push('text leaves ' + name(block) + ' by ' + Math.round(Math.max(rect.right - right, left - rect.left)) + ' px: ' + node.textContent.trim().slice(0, 60));
        break;
      }
    }
  }
  // A figure's diagram: each line of text stays inside the box (the rect) of its group.
  for (const text of document.querySelectorAll('svg text')) {
    const frame = text.parentNode.querySelector('rect');
    if (!frame) continue;
    const a = text.getBoundingClientRect();
    const b = frame.getBoundingClientRect();
    const out = Math.max(a.right - b.right, b.left - a.left, a.bottom - b.bottom, b.top - a.top);
    if (out > 0.5) found.push('text leaves its box in a figure by ' + Math.round(out) + ' px: ' + text.textContent.trim().slice(0, 60));
  }
  style.remove();
  return found;
})()`;
