/**
 * A stored message parsed with postal-mime (in the inspector's chunk, which also decodes header encoded-words with it): the MIME
 * tree with each part's type, disposition and decoded size, the text of the text parts, the delivery-status part of
 * a DSN, and the header addresses for the envelope comparison.
 *
 * postal-mime's public result is flat (text, html, attachments). The tree is its parser's `root` node, which is
 * not in its type declarations: it is read through the narrow `PostalNode` shape below and checked at run time; if a
 * postal-mime release ever changes it, the tree falls back to what the public result holds (and a test says so).
 */
import PostalMime, { type Address, type Email } from 'postal-mime'

export interface MimePart {
  /** IMAP-style part number: '' for the message itself, then 1, 1.2, … */
  readonly path: string
  readonly type: string
  readonly params: Readonly<Record<string, string>>
  /** Content-Disposition (attachment, inline), or null when there is none. */
  readonly disposition: string | null
  readonly filename: string | null
  readonly encoding: string
  /** Decoded size of the content in octets; null for multipart containers. */
  readonly size: number | null
  readonly description: string | null
  readonly contentId: string | null
  /** The decoded text of text/* parts, delivery-status and header parts. */
  readonly text: string | null
  readonly children: readonly MimePart[]
}

export interface ParsedMessage {
  readonly email: Email
  readonly tree: MimePart
  /** The tree came from postal-mime's parser (true), or from its flat result (false). */
  readonly fromParserTree: boolean
  /** Leaves in order, for the body view. */
  readonly textParts: readonly MimePart[]
  readonly htmlParts: readonly MimePart[]
  /** The message/delivery-status part's text, for a DSN (multipart/report; report-type=delivery-status). */
  readonly deliveryStatus: string | null
}

/** The parts of postal-mime's MimeNode that the tree is built from. */
interface PostalNode {
  contentType: { parsed: { value: string; params: Record<string, string> } }
  contentDisposition?: { parsed?: { value: string | false; params: Record<string, string> } }
  contentTransferEncoding?: { encoding?: string }
  contentId?: string
  contentDescription?: string
  content?: ArrayBuffer | Uint8Array | null
  childNodes: PostalNode[]
  getTextContent?: () => string
}

function isNode(x: unknown): x is PostalNode {
  const n = x as PostalNode | null
  return typeof n === 'object' && n !== null && Array.isArray(n.childNodes) && typeof n.contentType?.parsed?.value === 'string' && typeof n.contentType.parsed.params === 'object'
}

const TEXTUAL = /^(text\/|message\/(delivery-status|global-delivery-status|disposition-notification|feedback-report))/

function bytesOf(content: ArrayBuffer | Uint8Array | string | null | undefined): Uint8Array | null {
  if (content === null || content === undefined) return null
  if (typeof content === 'string') return new TextEncoder().encode(content)
  return content instanceof Uint8Array ? content : new Uint8Array(content)
}

function decodeText(bytes: Uint8Array, charset: string | undefined): string {
  try {
    return new TextDecoder(charset || 'utf-8').decode(bytes)
  } catch {
    return new TextDecoder('utf-8').decode(bytes)
  }
}

async function fromNode(node: PostalNode, path: string, depth: number): Promise<MimePart> {
  const type = node.contentType.parsed.value || 'text/plain'
  const params = node.contentType.parsed.params
  const multipart = type.startsWith('multipart/')
  const bytes = multipart ? null : bytesOf(node.content)
  const dispositionValue = node.contentDisposition?.parsed?.value
  const disposition = typeof dispositionValue === 'string' && dispositionValue !== '' ? dispositionValue : null
  const filename = node.contentDisposition?.parsed?.params['filename'] ?? params['name'] ?? null
  let text: string | null = null
  if (bytes && TEXTUAL.test(type)) text = node.getTextContent ? node.getTextContent() : decodeText(bytes, params['charset'])
  let children: MimePart[] = []
  if (multipart) children = await Promise.all(node.childNodes.map((c, i) => fromNode(c, path ? `${path}.${i + 1}` : String(i + 1), depth + 1)))
  else if (type === 'message/rfc822' && bytes && depth < 4) {
    // An attached message: its own tree, one level down (RFC 2046 §5.2.1).
    const inner = await parseTree(bytes, depth + 1)
    if (inner) children = [{ ...inner.tree, path: path ? `${path}.1` : '1' }]
  }
  return {
    path,
    type,
    params,
    disposition,
    filename,
    encoding: node.contentTransferEncoding?.encoding || '7bit',
    size: bytes ? bytes.length : null,
    description: node.contentDescription ?? null,
    contentId: node.contentId ?? null,
    text,
    children,
  }
}

/** Without the parser's tree: the message and its attachments, one level deep. */
function fromEmail(email: Email): MimePart {
  const header = email.headers.find((h) => h.key === 'content-type')?.value ?? 'text/plain'
  const leaf = (type: string, text: string, n: number): MimePart => ({ path: String(n), type, params: {}, disposition: null, filename: null, encoding: '', size: new TextEncoder().encode(text).length, description: null, contentId: null, text, children: [] })
  const children: MimePart[] = []
  if (email.text !== undefined) children.push(leaf('text/plain', email.text, children.length + 1))
  if (email.html !== undefined) children.push(leaf('text/html', email.html, children.length + 1))
  for (const a of email.attachments) {
    const bytes = bytesOf(a.content)
    children.push({ path: String(children.length + 1), type: a.mimeType, params: {}, disposition: a.disposition, filename: a.filename, encoding: '', size: bytes?.length ?? null, description: a.description ?? null, contentId: a.contentId ?? null, text: bytes && TEXTUAL.test(a.mimeType) ? decodeText(bytes, 'utf-8') : null, children: [] })
  }
  return { path: '', type: header.split(';')[0]!.trim().toLowerCase(), params: {}, disposition: null, filename: null, encoding: '', size: null, description: null, contentId: null, text: null, children }
}

async function parseTree(content: Uint8Array, depth: number): Promise<{ email: Email; tree: MimePart; fromParserTree: boolean } | null> {
  const parser = new PostalMime({ attachmentEncoding: 'arraybuffer' })
  try {
    const email = await parser.parse(content)
    const root = (parser as unknown as { root?: unknown }).root
    return isNode(root) ? { email, tree: await fromNode(root, '', depth), fromParserTree: true } : { email, tree: fromEmail(email), fromParserTree: false }
  } catch {
    return null
  }
}

function leaves(part: MimePart): MimePart[] {
  if (part.type === 'message/rfc822') return [] // an attached message's text is not this message's body
  return part.children.length > 0 ? part.children.flatMap(leaves) : [part]
}

/** Parse a stored message. Rejects only if postal-mime cannot be loaded or cannot parse it at all. */
export async function parseMessage(content: Uint8Array): Promise<ParsedMessage> {
  const parsed = await parseTree(content, 0)
  if (!parsed) throw new Error('postal-mime could not parse this message')
  const all = leaves(parsed.tree)
  const isAttachment = (p: MimePart) => p.disposition === 'attachment'
  const report = parsed.tree.type === 'multipart/report' && (parsed.tree.params['report-type'] ?? '').toLowerCase() === 'delivery-status'
  return {
    ...parsed,
    textParts: all.filter((p) => p.type === 'text/plain' && !isAttachment(p) && p.text !== null),
    htmlParts: all.filter((p) => p.type === 'text/html' && !isAttachment(p) && p.text !== null),
    deliveryStatus: report ? (all.find((p) => p.type === 'message/delivery-status')?.text ?? null) : null,
  }
}

/** The addresses of some header fields, groups flattened, in lower case. */
export function addressesOf(list: readonly Address[] | Address | undefined): string[] {
  const all: readonly Address[] = list === undefined ? [] : 'address' in list || 'group' in list ? [list as Address] : (list as readonly Address[])
  return all.flatMap((a): string[] => (a.group ? a.group.map((m) => m.address) : [a.address])).filter((a) => a !== '')
}
