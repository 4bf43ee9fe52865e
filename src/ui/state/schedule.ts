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

/**
 * Run a task once the page has painted (the frame after this one), so what the task fetches does not hold up the
 * first paint: a browser paints when its work is done, and a phone's simulated load (Lighthouse) counts every request
 * begun before a paint as needed for it. A hidden page paints no frames: a timer runs the task then.
 */
export function afterPaint(task: () => void): void {
  let done = false
  const run = () => {
    if (done) return
    done = true
    task()
  }
  if (typeof requestAnimationFrame === 'function') requestAnimationFrame(() => setTimeout(run, 0))
  setTimeout(run, 200)
}
