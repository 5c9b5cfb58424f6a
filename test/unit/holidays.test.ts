import { describe, expect, it } from 'vitest';
import { dateOfIsoWeek, easterSunday, holidayOn, holidays, isoWeek } from '../../pipeline/core/holidays.ts';
import { moveMeeting } from '../../pipeline/scaffold/next-plan.ts';

describe('Swedish public holidays', () => {
  it('have Easter and the days that follow it, midsummer and All Saints on their Saturdays', () => {
    expect([2023, 2024, 2025, 2038].map(easterSunday)).toEqual(['2023-04-09', '2024-03-31', '2025-04-20', '2038-04-25']);
    const year = holidays(2024);
    expect(
      [...year.entries()].filter(([, name]) => ['långfredagen', 'Kristi himmelsfärdsdag', 'pingstdagen', 'midsommarafton', 'alla helgons dag'].includes(name)),
    ).toEqual([
      ['2024-03-29', 'långfredagen'],
      ['2024-05-09', 'Kristi himmelsfärdsdag'],
      ['2024-05-19', 'pingstdagen'],
      ['2024-06-21', 'midsommarafton'],
      ['2024-11-02', 'alla helgons dag'],
    ]);
    expect(holidayOn('2024-06-06')).toBe('Sveriges nationaldag');
    expect(holidayOn('2024-06-07')).toBeUndefined();
  });

  it('know ISO weeks, a week 53 included', () => {
    expect(isoWeek('2023-01-01')).toEqual({ year: 2022, week: 52, weekday: 7 });
    expect(isoWeek('2020-12-31')).toEqual({ year: 2020, week: 53, weekday: 4 });
    expect(dateOfIsoWeek(2024, 1, 1)).toBe('2024-01-01');
    expect(dateOfIsoWeek(2021, 53, 4)).toBe('2021-12-30');
  });
});

describe('a meeting moved to next year', () => {
  it('keeps its weekday and week, and steps a week off a holiday, saying which', () => {
    expect(moveMeeting('2023-01-12', 2024)).toEqual({ date: '2024-01-11', wanted: '2024-01-11' });
    expect(moveMeeting('2023-05-11', 2024)).toEqual({ date: '2024-05-16', wanted: '2024-05-09', holiday: 'Kristi himmelsfärdsdag' });
    expect(moveMeeting('2023-01-02', 2024)).toEqual({ date: '2024-01-08', wanted: '2024-01-01', holiday: 'nyårsdagen' });
    // 1 January 2023 is in week 52 of 2022: the same Sunday a year on, in January.
    expect(moveMeeting('2023-01-01', 2024)).toEqual({ date: '2024-01-07', wanted: '2024-01-07' });
    expect(moveMeeting('2024-12-31', 2025)).toEqual({ date: '2025-12-30', wanted: '2025-12-30' });
    // Christmas Eve, and New Year's Eve the week after: kept, and said.
    expect(moveMeeting('2023-12-26', 2024)).toEqual({ date: '2024-12-24', wanted: '2024-12-24', holiday: 'julafton' });
    // The last week of a year with 53 weeks lands in the last week of the next.
    expect(moveMeeting('2020-12-31', 2021)).toEqual({ date: '2021-12-30', wanted: '2021-12-30' });
  });
});
