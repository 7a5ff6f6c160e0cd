/** One line of live progress; `width` is the bar's width in characters. */
export function progressLine(done: number, total: number, failed: number, inFlight: number, elapsedMs: number, width = 24): string {
  const share = total ? done / total : 1;
  const filled = Math.round(share * width);
  const rate = elapsedMs > 0 ? (done * 1000) / elapsedMs : 0;
  return (
    `[${'█'.repeat(filled)}${'░'.repeat(width - filled)}] ${done}/${total} answered · ` +
    `${done - failed} accepted · ${failed} not accepted · ${inFlight} in flight · ${rate.toFixed(1)}/s`
  );
}
