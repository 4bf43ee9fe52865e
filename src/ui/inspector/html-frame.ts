/**
 * An HTML body, shown without letting it do anything: the inspector puts it in `<iframe sandbox="" srcdoc=…>` (no
 * scripts, no same origin, no forms, no popups), and the document starts with a Content-Security-Policy that loads
 * nothing from anywhere: remote images (tracking pixels), fonts, style sheets and frames stay out; only inline styles
 * and data: images are drawn. The page's own CSP applies to the frame as well. Pure.
 */

export const FRAME_CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'"

/** The srcdoc for an HTML body: the CSP first, so it is in force before any of the message's markup is read. */
export function sandboxedSrcdoc(html: string): string {
  return `<!doctype html><html><head><meta http-equiv="Content-Security-Policy" content="${FRAME_CSP}"><meta charset="utf-8"><base target="_blank"></head><body>${html}</body></html>`
}

/** Remote resources the HTML asks for (src=, background=, url(…)), to say what was blocked. */
export function remoteReferences(html: string): string[] {
  const found = new Set<string>()
  for (const m of html.matchAll(/\b(?:src|background|href|poster|srcset)\s*=\s*["']?\s*((?:https?:)?\/\/[^"'\s>]+)/gi)) if (m[1] && !/^\s*href/i.test(m[0])) found.add(m[1])
  for (const m of html.matchAll(/url\(\s*["']?((?:https?:)?\/\/[^"')\s]+)/gi)) if (m[1]) found.add(m[1])
  return [...found]
}
