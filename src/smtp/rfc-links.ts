/**
 * RFC references in the reply catalogue's notation — "5321 §4.1.4, §3.3; 3463 §3.2" — as links to the RFC Editor's
 * HTML text. A link is only an address: nothing is fetched.
 */

export interface RfcLink {
  readonly rfc: number
  /** "4.1.4", or null for the RFC as a whole. */
  readonly section: string | null
  readonly label: string
  readonly href: string
}

/** Links for a reference: one per section named, or one to the RFC as a whole (`…/rfc5321#section-4.1.4`). */
export function rfcLinks(reference: string): RfcLink[] {
  const links: RfcLink[] = []
  for (const group of reference.split(';')) {
    const rfc = /\b(\d{3,4})\b/.exec(group)?.[1]
    if (!rfc) continue
    const base = `https://www.rfc-editor.org/rfc/rfc${rfc}`
    const sections = [...group.matchAll(/§\s*(\d+(?:\.\d+)*)/g)].map((s) => s[1]!)
    if (sections.length === 0) links.push({ rfc: Number(rfc), section: null, label: `RFC ${rfc}`, href: base })
    for (const section of sections) links.push({ rfc: Number(rfc), section, label: `RFC ${rfc} §${section}`, href: `${base}#section-${section}` })
  }
  return links
}
