/**
 * A macrotask scheduler for slicing long work (a big paste): a MessageChannel message runs after the browser has had
 * a chance to render and handle input, without setTimeout's 4 ms clamp. Falls back to setTimeout.
 */
export function macrotask(): (task: () => void) => void {
  if (typeof MessageChannel === 'undefined') return (task) => void setTimeout(task, 0)
  const channel = new MessageChannel()
  const queue: (() => void)[] = []
  channel.port1.onmessage = () => queue.shift()?.()
  ;(channel.port1 as { unref?: () => void }).unref?.() // Node (tests): never keep the process alive
  return (task) => {
    queue.push(task)
    channel.port2.postMessage(null)
  }
}
