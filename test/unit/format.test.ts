import { describe, expect, it } from 'vitest';
import {
  formatAmount,
  formatClock,
  formatDate,
  formatDayMonthRange,
  formatNumber,
  formatTimeRange,
  genitive,
  isValidDate,
  weekdayOf,
} from '../../pipeline/core/format.ts';

const NBSP = '\u00a0';

describe('Swedish formatting', () => {
  it('writes dates the Swedish way', () => {
    expect(formatDate('2023-03-16')).toBe(`16${NBSP}mars 2023`);
    expect(formatDate('2022-12-13')).toBe(`13${NBSP}december 2022`);
  });

  it('writes amounts with non-breaking spaces between thousands', () => {
    expect(formatAmount(2073076)).toBe(`2${NBSP}073${NBSP}076${NBSP}kr`);
    expect(formatAmount(900)).toBe(`900${NBSP}kr`);
    expect(formatNumber(518269)).toBe(`518${NBSP}269`);
    expect(formatNumber(-1500)).toBe(`−1${NBSP}500`);
  });

  it('writes times as "kl. 8.30–11.00"', () => {
    expect(formatClock('08:30')).toBe('8.30');
    expect(formatTimeRange({ start: '13:00', slut: '15:00' })).toBe(`kl.${NBSP}13.00–15.00`);
  });

  it('knows the weekday of a date', () => {
    expect(weekdayOf('2023-09-21')).toBe('torsdag');
    expect(weekdayOf('2023-11-21')).toBe('tisdag');
    expect(weekdayOf('2023-10-27')).toBe('fredag');
  });

  it('rejects dates that do not exist', () => {
    expect(isValidDate('2023-02-29')).toBe(false);
    expect(isValidDate('2024-02-29')).toBe(true);
    expect(isValidDate('2023-13-01')).toBe(false);
  });

  it('writes a range within a month once', () => {
    expect(formatDayMonthRange('2020-09-10', '2020-09-11')).toBe(`10–11${NBSP}september`);
    expect(formatDayMonthRange('2020-09-30', '2020-10-01')).toBe(`30${NBSP}september – 1${NBSP}oktober`);
  });

  it('forms the genitive', () => {
    expect(genitive('Kommunstyrelseförvaltningen')).toBe('Kommunstyrelseförvaltningens');
    expect(genitive('Stadsledningskontoret')).toBe('Stadsledningskontorets');
    expect(genitive('Lars')).toBe('Lars');
  });
});
