/** A refused action or failed load, in words, announced to screen readers; nothing when there is none. */
export function ErrorAlert({ error }: { error: string | undefined }) {
  if (!error) return null;
  return (
    <p role="alert" className="error">
      {error}
    </p>
  );
}
