import { formatUsd, parseAmount, safeLocale } from '../../src/intake/amount';

describe('parseAmount', () => {
  it.each([
    ['12000', 12000],
    ['$12,000', 12000],
    ['12k', 12000],
    ['12 000', 12000],
    ['12\u00a0000', 12000],
    ["12'000", 12000],
    ['USD 12,000', 12000],
    ['12,000 USD', 12000],
    ['1.5m', 1_500_000],
    ['2 million', 2_000_000],
    ['7.5K', 7500],
    ['12,000.50', 12000.5],
    ['0', 0],
  ])('reads %j as %d', (text, expected) => {
    expect(parseAmount(text)).toBe(expected);
  });

  it.each(['', 'twelve', '-500', '12,00', '1,2345', '12k k', '$', '12.000.000', 'abc12'])('refuses %j', (text) => {
    expect(parseAmount(text)).toBeUndefined();
  });
});

describe('formatUsd', () => {
  it('groups digits for the locale and falls back to en-US for a locale it does not know', () => {
    expect(formatUsd(12000)).toBe('USD 12,000');
    expect(formatUsd(12000, 'de-DE')).toBe('USD 12.000');
    expect(safeLocale('not a locale!')).toBe('en-US');
    expect(safeLocale(undefined)).toBe('en-US');
  });
});
