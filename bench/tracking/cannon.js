/**
 * One autocannon run in a process of its own (forked by bench/tracking.ts),
 * so the load generator's event loop and GC are not the bench script's.
 *
 * Input (one IPC message): { url, paths, connections, duration, headers, expect, timeout }
 * `paths` rotate over all connections (one shared counter, so every path is
 * asked for in turn). Output (one IPC message): counts by status, errors,
 * timeouts, latency percentiles, responses per second and this process's CPU.
 *
 * The run ends by draining, not by cutting: after `duration` seconds each
 * connection sends nothing more and closes once its request in flight has
 * been answered. Autocannon's own stop destroys the sockets with requests in
 * flight, which the server may well have answered (and counted) although no
 * response was counted here; draining makes "responses counted here" and
 * "hits the server saw" the same set, which the persistence check needs.
 * (Autocannon's own stop, SAFETY_S later, is only a safety net for a
 * connection that never answers; `drained` says whether it was needed.)
 */
"use strict"

const autocannon = require("autocannon")

/** autocannon's own stop, after the drain deadline: only for a connection that never answers */
const SAFETY_S = 10

function run(o) {
  return new Promise((resolve, reject) => {
    const paths = o.paths
    let next = 0
    const clients = new Set()
    let responses = 0
    let lastAt = 0
    const cpu0 = process.cpuUsage()
    const t0 = Date.now()
    const instance = autocannon(
      {
        url: o.url,
        connections: o.connections,
        duration: o.duration + SAFETY_S,
        timeout: o.timeout || 10,
        headers: o.headers || {},
        requests: [
          {
            method: "GET",
            setupRequest: (req) => ({ ...req, path: paths[next++ % paths.length] }),
          },
        ],
      },
      (err, result) => {
        clearTimeout(drainTimer)
        if (err) {
          reject(err)
          return
        }
        const cpu = process.cpuUsage(cpu0)
        const elapsed = Math.max(0.001, (lastAt - t0) / 1000)
        const byStatus = {}
        for (const [code, v] of Object.entries(result.statusCodeStats || {})) {
          byStatus[code] = v.count
        }
        const expected = byStatus[o.expect] || 0
        resolve({
          responses,
          completed: result.totalCompletedRequests,
          requests_sent: result.requests.sent,
          expected,
          unexpected: responses - expected,
          by_status: byStatus,
          errors: result.errors,
          timeouts: result.timeouts,
          resets: result.resets,
          elapsed_s: elapsed,
          rps: responses / elapsed,
          latency: {
            mean: result.latency.average,
            p50: result.latency.p50,
            p90: result.latency.p90,
            p99: result.latency.p99,
            max: result.latency.max,
          },
          cpu_s: (cpu.user + cpu.system) / 1e6,
          // ended by draining, not by the safety stop (which may cut requests in flight)
          drained: result.duration < o.duration + SAFETY_S - 0.5,
        })
      }
    )
    // Draining: a connection's next request destroys it instead (autocannon's
    // responseMax check), i.e. right after the answer in flight arrives. The
    // "response" event comes before that check, so a connection first heard
    // from after the deadline (a slow first answer from a cold server) is
    // stopped the same way.
    let draining = false
    const stopAfterThis = (c) => {
      c.responseMax = Math.max(1, c.reqsMade)
    }
    instance.on("response", (client) => {
      clients.add(client)
      responses++
      lastAt = Date.now()
      if (draining) stopAfterThis(client)
    })
    const drainTimer = setTimeout(() => {
      draining = true
      for (const c of clients) stopAfterThis(c)
    }, o.duration * 1000)
  })
}

process.once("message", (o) => {
  run(o).then(
    (r) => process.send(r, () => process.exit(0)),
    (e) => process.send({ error: String((e && e.stack) || e) }, () => process.exit(1))
  )
})
