/**
 * `npm run bench -- --bridge`: smtp-sim's TCP bridge against Nodemailer's smtp-server (a minimal accept-and-discard
 * server), with the same client (bench/smtp-load.ts), in one run, alternating between them round by round.
 *
 * Workloads, five rounds each, every message to alice@example.com (so the bridge stores and delivers all of them):
 *  - sequential: 4 connections at once, each 1,000 transactions one after another (4,000 messages);
 *  - pipelined: 1,000 transactions written at once on one connection.
 * Each server runs in a child process of its own, so what /proc says of its memory is its own. One round of each
 * workload warms both servers up first (V8 compiles the hot paths then) and is not counted, so the last/first ratio
 * shows whether a server slows down as it holds more mail, not how long its JIT took.
 *
 * Printed: messages/s per round and server; the ratio of medians bridge/smtp-server (above 1: the bridge is faster);
 * the bridge's last-round/first-round ratio (below 1: it slowed down as it held more mail), also on the server's CPU
 * time per message (which the other processes of a shared machine disturb less than wall time); memory: each server's
 * peak RSS over the rounds, divided by the messages it took, and its RSS after 100,000 messages (the rounds, then
 * more pipelined batches). And the ceiling: the sequential workload against a server that does no work at all (fixed
 * replies, bridge-server.ts `null`), which bounds what any server's sequential ratio can be with this client here.
 * Ends with one line of key=value pairs, as `npm run bench` does.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { performance } from 'node:perf_hooks'
import { pipelined, sequential } from './smtp-load'

const ROUNDS = 5
const CONNECTIONS = 4
const PER_CONNECTION = 1000
const PIPELINED = 1000
const TOTAL = 100_000

type Kind = 'bridge' | 'smtp-server'
const KINDS: readonly Kind[] = ['bridge', 'smtp-server']

interface Server {
  readonly kind: Kind
  readonly child: ChildProcess
  readonly port: number
  readonly startRss: number
  sent: number
}

/** A server of bridge-server.ts in a child process, once it listens. */
function spawnChild(kind: Kind | 'null'): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(process.execPath, ['--import', 'tsx', new URL('./bridge-server.ts', import.meta.url).pathname, kind], { stdio: ['ignore', 'pipe', 'inherit'] })
  return new Promise((resolve, reject) => {
    let out = ''
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString()
      const m = /listening (\d+)/.exec(out)
      if (m) resolve({ child, port: Number(m[1]) })
    })
    child.once('exit', (code) => reject(new Error(`${kind} exited with ${code} before listening`)))
  })
}

async function spawnServer(kind: Kind): Promise<Server> {
  const { child, port } = await spawnChild(kind)
  return { kind, child, port, startRss: memory(child.pid!).rss, sent: 0 }
}

/**
 * CPU time a process has used so far, in ms (user + system, Linux /proc, 10 ms ticks). Beside wall-clock rates it
 * gives a per-message cost that the other processes on a busy machine disturb much less.
 */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /s, '').split(' ')
  return (Number(fields[11]) + Number(fields[12])) * 10 // utime, stime (fields 14, 15), at USER_HZ = 100
}

/** Resident and peak resident memory of a process, in bytes (Linux /proc). */
function memory(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN) * 1024
  return { rss: kb('VmRSS'), peak: kb('VmHWM') }
}

async function timed(run: () => Promise<unknown>, messages: number): Promise<number> {
  const t0 = performance.now()
  await run()
  return messages / ((performance.now() - t0) / 1000)
}

const median = (xs: readonly number[]) => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2
}
const fmt = (x: number, digits = 0) => x.toFixed(digits)
const mb = (bytes: number) => fmt(bytes / 2 ** 20, 1)

export async function runBridgeBench(): Promise<void> {
  const started = performance.now()
  const servers = await Promise.all(KINDS.map(spawnServer))
  const seq: Record<Kind, number[]> = { bridge: [], 'smtp-server': [] }
  const pipe: Record<Kind, number[]> = { bridge: [], 'smtp-server': [] }
  /** Server CPU µs per message, per round (both workloads). */
  const cpu: Record<Kind, number[]> = { bridge: [], 'smtp-server': [] }
  const workloads = async (s: Server): Promise<[number, number]> => {
    const count = CONNECTIONS * PER_CONNECTION
    const seqRate = await timed(() => Promise.all(Array.from({ length: CONNECTIONS }, (_, c) => sequential(s.port, PER_CONNECTION, s.sent + c * PER_CONNECTION))), count)
    s.sent += count
    const pipeRate = await timed(() => pipelined(s.port, PIPELINED, s.sent), PIPELINED)
    s.sent += PIPELINED
    return [seqRate, pipeRate]
  }
  try {
    for (const s of servers) await workloads(s) // warm-up, not counted
    for (let round = 0; round < ROUNDS; round++) {
      // Alternate which server goes first, so a drift of the machine's speed hits both alike.
      const order = round % 2 ? [...servers].reverse() : servers
      for (const s of order) {
        const cpu0 = cpuMs(s.child.pid!)
        const sent0 = s.sent
        const [seqRate, pipeRate] = await workloads(s)
        seq[s.kind].push(seqRate)
        pipe[s.kind].push(pipeRate)
        cpu[s.kind].push(((cpuMs(s.child.pid!) - cpu0) * 1000) / (s.sent - sent0))
      }
      console.log(`round ${round + 1}: ` + servers.map((s) => `${s.kind} ${fmt(seq[s.kind][round]!)} seq, ${fmt(pipe[s.kind][round]!)} pipelined msg/s, ${fmt(cpu[s.kind][round]!)} µs CPU/msg`).join('; '))
    }
    // The ceiling: the same sequential workload against a server that does no work (fixed replies). No server, however
    // cheap, goes faster with this client on this machine: the client's own CPU and the kernel's round trips bound it.
    const ceiling: number[] = []
    const none = await spawnChild('null')
    try {
      for (let round = 0; round <= ROUNDS; round++) {
        const rate = await timed(() => Promise.all(Array.from({ length: CONNECTIONS }, (_, c) => sequential(none.port, PER_CONNECTION, round * CONNECTIONS * PER_CONNECTION + c * PER_CONNECTION))), CONNECTIONS * PER_CONNECTION)
        if (round > 0) ceiling.push(rate) // round 0 warms up
      }
    } finally {
      none.child.kill('SIGTERM')
    }
    const peaks = new Map(servers.map((s) => [s.kind, memory(s.child.pid!).peak] as const))
    const rounds = new Map(servers.map((s) => [s.kind, s.sent] as const))
    // Then on to 100,000 messages each, in pipelined batches on 4 connections at once.
    for (const s of servers) {
      while (s.sent < TOTAL) {
        const batch = Math.min(CONNECTIONS * PIPELINED, TOTAL - s.sent)
        const per = Math.ceil(batch / CONNECTIONS)
        await Promise.all(Array.from({ length: CONNECTIONS }, (_, c) => pipelined(s.port, Math.min(per, batch - c * per), s.sent + c * per)))
        s.sent += batch
      }
    }
    const after = new Map(servers.map((s) => [s.kind, memory(s.child.pid!)] as const))

    const seqRatio = median(seq.bridge) / median(seq['smtp-server'])
    const pipeRatio = median(pipe.bridge) / median(pipe['smtp-server'])
    const lastFirstSeq = seq.bridge.at(-1)! / seq.bridge[0]!
    const lastFirstPipe = pipe.bridge.at(-1)! / pipe.bridge[0]!
    // Cost, inverted so that it reads like the rates: below 1, the last round cost more CPU per message than the first.
    const lastFirstCpu = cpu.bridge[0]! / cpu.bridge.at(-1)!
    const perMessage = (s: Server) => (peaks.get(s.kind)! - s.startRss) / rounds.get(s.kind)!
    const [bridge, other] = servers as [Server, Server]
    console.log(`\nsmtp-sim bridge bench (node ${process.version}; a warm-up round, then ${ROUNDS} rounds, alternating; medians)`)
    console.log(`sequential, ${CONNECTIONS} connections x ${PER_CONNECTION}: bridge ${fmt(median(seq.bridge))} msg/s, smtp-server ${fmt(median(seq['smtp-server']))} msg/s, ratio bridge/smtp-server ${fmt(seqRatio, 2)}`)
    console.log(`pipelined, ${PIPELINED} on one connection:   bridge ${fmt(median(pipe.bridge))} msg/s, smtp-server ${fmt(median(pipe['smtp-server']))} msg/s, ratio bridge/smtp-server ${fmt(pipeRatio, 2)}`)
    console.log(`ceiling: a server doing no work (fixed replies) takes ${fmt(median(ceiling))} msg/s sequential with this client, ${fmt(median(ceiling) / median(seq['smtp-server']), 2)} x smtp-server: the most any server's sequential ratio can be here`)
    console.log(`bridge last round / first round: sequential ${fmt(lastFirstSeq, 2)}, pipelined ${fmt(lastFirstPipe, 2)}, CPU per message (first/last) ${fmt(lastFirstCpu, 2)}`)
    console.log(`server CPU per message, median: bridge ${fmt(median(cpu.bridge))} µs, smtp-server ${fmt(median(cpu['smtp-server']))} µs`)
    for (const s of servers) {
      console.log(`${s.kind}: RSS ${mb(s.startRss)} MB at start, peak ${mb(peaks.get(s.kind)!)} MB over ${rounds.get(s.kind)} messages (warm-up and rounds) (${fmt(perMessage(s))} B/message), ${mb(after.get(s.kind)!.rss)} MB after ${s.sent}`)
    }
    console.log(`total ${fmt((performance.now() - started) / 1000, 1)} s`)
    console.log(
      [
        `bridge_seq_mps=${fmt(median(seq.bridge))}`,
        `smtp_server_seq_mps=${fmt(median(seq['smtp-server']))}`,
        `seq_ratio=${fmt(seqRatio, 3)}`,
        `null_seq_mps=${fmt(median(ceiling))}`,
        `seq_ratio_ceiling=${fmt(median(ceiling) / median(seq['smtp-server']), 3)}`,
        `bridge_pipelined_mps=${fmt(median(pipe.bridge))}`,
        `smtp_server_pipelined_mps=${fmt(median(pipe['smtp-server']))}`,
        `pipelined_ratio=${fmt(pipeRatio, 3)}`,
        `bridge_last_first_seq=${fmt(lastFirstSeq, 3)}`,
        `bridge_last_first_pipelined=${fmt(lastFirstPipe, 3)}`,
        `bridge_last_first_cpu=${fmt(lastFirstCpu, 3)}`,
        `bridge_cpu_us_per_msg=${fmt(median(cpu.bridge))}`,
        `smtp_server_cpu_us_per_msg=${fmt(median(cpu['smtp-server']))}`,
        `bridge_peak_rss_per_msg_b=${fmt(perMessage(bridge))}`,
        `smtp_server_peak_rss_per_msg_b=${fmt(perMessage(other))}`,
        `bridge_rss_100k_mb=${mb(after.get('bridge')!.rss)}`,
        `smtp_server_rss_100k_mb=${mb(after.get('smtp-server')!.rss)}`,
      ].join(' '),
    )
  } finally {
    for (const s of servers) s.child.kill('SIGTERM')
  }
}
