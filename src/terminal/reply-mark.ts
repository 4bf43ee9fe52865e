/**
 * An invisible mark before each reply, for the display to anchor highlights to (a lesson step marking "the 354"):
 * OSC 7701 with the reply's code and its number of lines. Terminals that do not know the OSC ignore it. A module of
 * its own so that the xterm view can read marks without loading the reply catalogue.
 */
export const REPLY_OSC = 7701

export function replyMark(code: number, lines: number): string {
  return `\x1b]${REPLY_OSC};${code};${lines}\x07`
}
