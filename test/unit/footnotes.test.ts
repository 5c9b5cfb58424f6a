import { describe, expect, it } from 'vitest';
import { noteMark, withNotes } from '../../pipeline/core/footnotes.ts';

describe('footnotes as sources write them', () => {
  it('knows a note by the superscript mark it begins with', () => {
    expect(noteMark('¹ Styrdokument: avtalet.')).toBe('¹');
    expect(noteMark('¹² Två siffror.')).toBe('¹²');
    expect(noteMark('Text med ¹ inne i.')).toBeUndefined();
    expect(noteMark('¹')).toBeUndefined();
    expect(noteMark(['¹ ', { ifylles: 'x' }])).toBeUndefined();
  });

  it('moves each note to the end of its section, after the paragraphs that follow it', () => {
    const blocks = [
      { rubrik: 'Verksamhet' },
      { stycke: 'Nätverken tar fram handlingsplaner.¹' },
      { stycke: '¹ Styrdokument: avtalet.' },
      { stycke: 'Mer text, och en andra not.²' },
      { lista: ['en punkt'] },
      { stycke: '² Den andra noten.' },
      { underrubrik: 'Nästa' },
      { stycke: 'Sist.' },
    ];
    expect(withNotes(blocks)).toEqual([
      blocks[0],
      blocks[1],
      blocks[3],
      blocks[4],
      { fotnoter: ['¹ Styrdokument: avtalet.', '² Den andra noten.'] },
      blocks[6],
      blocks[7],
    ]);
  });

  it('leaves a note in place when its mark is not in the text before it in the same section', () => {
    const blocks = [{ stycke: 'Märket i ett annat avsnitt.¹' }, { rubrik: 'Annat' }, { stycke: '¹ En not utan märke.' }, { stycke: 'Text efter noten.¹' }];
    expect(withNotes(blocks)).toEqual(blocks);
  });
});
