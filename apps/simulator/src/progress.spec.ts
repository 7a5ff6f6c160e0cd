import { progressLine } from './progress';

describe('progressLine', () => {
  it('draws a bar and the counts', () => {
    expect(progressLine(5, 10, 1, 2, 1000, 10)).toBe('[█████░░░░░] 5/10 answered · 4 accepted · 1 not accepted · 2 in flight · 5.0/s');
  });

  it('handles the start and the end', () => {
    expect(progressLine(0, 10, 0, 0, 0, 4)).toBe('[░░░░] 0/10 answered · 0 accepted · 0 not accepted · 0 in flight · 0.0/s');
    expect(progressLine(10, 10, 0, 0, 2000, 4)).toContain('[████] 10/10');
  });
});
