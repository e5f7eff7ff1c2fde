import { periodParam } from '../../apps/web/src/lib/dates.js';

describe('periodParam (the console deep links: /vouchers?period=, /reports?from=&to=)', () => {
  it('takes a YYYY-MM month', () => {
    expect(periodParam('2024-03')).toBe('2024-03');
    expect(periodParam('2024-12')).toBe('2024-12');
  });

  it('refuses anything else, so the screen opens on the current month', () => {
    for (const bad of [null, '', '2024-13', '2024-00', '2024-3', '24-03', '2024-03-01', '2024-03x', ' 2024-03']) expect(periodParam(bad)).toBeNull();
  });
});
