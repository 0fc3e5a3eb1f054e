/** AWS's ASN1Subject structure as an X.500 distinguished name. */
import type { Asn1Subject } from './state.ts';
import { x509 } from './x509.ts';

/** ASN1Subject members in the order Private CA writes them, with their OIDs. */
const SUBJECT_ATTRIBUTES: ReadonlyArray<[member: string, oid: string, printable: boolean]> = [
  ['Country', '2.5.4.6', true],
  ['Organization', '2.5.4.10', false],
  ['OrganizationalUnit', '2.5.4.11', false],
  ['DistinguishedNameQualifier', '2.5.4.46', true],
  ['State', '2.5.4.8', false],
  ['CommonName', '2.5.4.3', false],
  ['SerialNumber', '2.5.4.5', true],
  ['Locality', '2.5.4.7', false],
  ['Title', '2.5.4.12', false],
  ['Surname', '2.5.4.4', false],
  ['GivenName', '2.5.4.42', false],
  ['Initials', '2.5.4.43', false],
  ['Pseudonym', '2.5.4.65', false],
  ['GenerationQualifier', '2.5.4.44', false],
];

export function subjectToName(subject: Asn1Subject): x509.Name {
  const rdns: Record<string, unknown[]>[] = [];
  for (const [member, oid, printable] of SUBJECT_ATTRIBUTES) {
    const value = subject[member];
    if (typeof value !== 'string' || value === '') continue;
    rdns.push({ [oid]: [printable ? { printableString: value } : { utf8String: value }] });
  }
  const custom = subject.CustomAttributes;
  if (Array.isArray(custom)) {
    for (const attribute of custom as { ObjectIdentifier: string; Value: string }[]) {
      rdns.push({ [attribute.ObjectIdentifier]: [{ utf8String: attribute.Value }] });
    }
  }
  return new x509.Name(rdns);
}

/** True when the subject names nothing at all (Private CA then needs SANs). */
export function isEmptyName(name: x509.Name): boolean {
  return name.toJSON().length === 0;
}
