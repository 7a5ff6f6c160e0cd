/** A phone number the operator or a responder can call with one tap (dialable characters only in the link). */
export function TelLink({ phone }: { phone: string }) {
  return <a href={`tel:${phone.replace(/[^+0-9]/g, '')}`}>{phone}</a>;
}
