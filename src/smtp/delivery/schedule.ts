/**
 * The queue manager's retry schedule: a binary min-heap of waiting queue entries ordered by when they are next due,
 * ties broken by the order they were scheduled in. Finding the next due time costs O(1) and taking the due entries
 * O(log n) each, so a host with 100,000 deferred messages answers "anything due?" as fast as one with none (a scan,
 * or `Math.min(...times)`, grew with the queue and even overflowed the call stack).
 *
 * An entry's `nextAttempt` must not change while it is in the schedule: take it out (`takeDue`), attempt it, then
 * put it back if it is still waiting.
 */

interface Slot<T> {
  readonly due: number
  readonly order: number
  readonly item: T
}

export class RetrySchedule<T> {
  readonly #heap: Slot<T>[] = []
  #order = 0

  get size(): number {
    return this.#heap.length
  }

  /** When the earliest entry is due, or null when nothing waits. */
  nextDue(): number | null {
    return this.#heap[0]?.due ?? null
  }

  add(item: T, due: number): void {
    const heap = this.#heap
    heap.push({ due, order: this.#order++, item })
    let i = heap.length - 1
    while (i > 0) {
      const parent = (i - 1) >> 1
      if (!before(heap[i]!, heap[parent]!)) break
      ;[heap[i], heap[parent]] = [heap[parent]!, heap[i]!]
      i = parent
    }
  }

  /** Remove and return every entry due at or before `now`, earliest first (ties: first scheduled first). */
  takeDue(now: number): T[] {
    const out: T[] = []
    while (this.#heap.length > 0 && this.#heap[0]!.due <= now) out.push(this.#pop())
    return out
  }

  #pop(): T {
    const heap = this.#heap
    const top = heap[0]!
    const last = heap.pop()!
    if (heap.length > 0) {
      heap[0] = last
      let i = 0
      for (;;) {
        const l = 2 * i + 1
        const r = l + 1
        let m = i
        if (l < heap.length && before(heap[l]!, heap[m]!)) m = l
        if (r < heap.length && before(heap[r]!, heap[m]!)) m = r
        if (m === i) break
        ;[heap[i], heap[m]] = [heap[m]!, heap[i]!]
        i = m
      }
    }
    return top.item
  }
}

function before<T>(a: Slot<T>, b: Slot<T>): boolean {
  return a.due < b.due || (a.due === b.due && a.order < b.order)
}
