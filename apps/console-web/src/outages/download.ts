/** Hands text to the browser as a file download. A UTF-8 BOM is put back first (fetch's text() drops it), so spreadsheets read Chinese right. */
export function downloadText(text: string, filename: string, type: string): void {
  const body = text.startsWith('\uFEFF') ? text : `\uFEFF${text}`;
  const url = URL.createObjectURL(new Blob([body], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  URL.revokeObjectURL(url);
}
