/**
 * Process plumbing for the send bench: a `medusa` command in its own process
 * group (stopped by group, never by name), a free port, waiting for
 * /health, IPC calls to the sink, and RSS samples of a process group.
 */
"use strict"

const { fork, spawn } = require("node:child_process")
const fs = require("node:fs")
const path = require("node:path")

// the repository root, sleep and freePort are the test runners' own (one copy)
const { ROOT, sleep, freePort } = require("../../integration-tests/helpers/processes")
const MEDUSA = path.join(ROOT, "node_modules", ".bin", "medusa")

/**
 * `medusa <args>` detached (its own process group), output appended to
 * logFile; `nodeArgs` (e.g. ["--cpu-prof"]) run the CLI under `node <nodeArgs>`.
 */
function startMedusa(args, { env, logFile, nodeArgs = [] }) {
  const out = fs.openSync(logFile, "a")
  const [cmd, argv] = nodeArgs.length
    ? [process.execPath, [...nodeArgs, fs.realpathSync(MEDUSA), ...args]]
    : [MEDUSA, args]
  const child = spawn(cmd, argv, { cwd: ROOT, env, stdio: ["ignore", out, out], detached: true })
  fs.closeSync(out)
  const entry = { child, pid: child.pid, exited: false, code: null }
  entry.done = new Promise((resolve) => {
    child.on("exit", (code, signal) => {
      entry.exited = true
      entry.code = code ?? signal
      resolve(entry.code)
    })
  })
  return entry
}

function groupAlive(pid) {
  try {
    process.kill(-pid, 0)
    return true
  } catch {
    return false
  }
}

function killGroup(pid, signal) {
  try {
    process.kill(-pid, signal)
  } catch {
    // gone already
  }
}

/** SIGTERM the group, SIGKILL what is left after `graceMs`. */
async function stopGroup(entry, graceMs = 10_000) {
  if (!entry || !entry.pid) return
  killGroup(entry.pid, "SIGTERM")
  const deadline = Date.now() + graceMs
  while (Date.now() < deadline && groupAlive(entry.pid)) await sleep(100)
  if (groupAlive(entry.pid)) killGroup(entry.pid, "SIGKILL")
}

async function waitForHealth(baseUrl, entry, timeoutMs, logFile) {
  const deadline = Date.now() + timeoutMs
  let last = ""
  while (Date.now() < deadline) {
    if (entry.exited) throw new Error(`the server exited (${entry.code}) while starting; see ${logFile}`)
    try {
      const res = await fetch(`${baseUrl}/health`, { signal: AbortSignal.timeout(5_000) })
      if (res.ok) return
      last = `HTTP ${res.status}`
    } catch (e) {
      last = (e.cause && e.cause.code) || e.message
    }
    await sleep(300)
  }
  throw new Error(`${baseUrl}/health not ready after ${timeoutMs / 1000} s (${last}); see ${logFile}`)
}

/** The sink process; resolves once it listens. */
async function startSink() {
  const child = fork(path.join(__dirname, "sink.js"), [], { stdio: ["ignore", "inherit", "inherit", "ipc"] })
  const port = await new Promise((resolve, reject) => {
    child.once("message", (m) => resolve(m.port))
    child.once("exit", (code) => reject(new Error(`the SMTP sink exited (${code})`)))
  })
  let seq = 0
  const call = (msg) =>
    new Promise((resolve) => {
      const id = ++seq
      const onMessage = (m) => {
        if (m && m.id === id) {
          child.off("message", onMessage)
          resolve(m)
        }
      }
      child.on("message", onMessage)
      child.send({ ...msg, id })
    })
  return {
    port,
    pid: child.pid,
    stats: () => call({ cmd: "stats" }),
    verify: (prefix, n) => call({ cmd: "verify", prefix, n }),
    reset: () => call({ cmd: "reset" }),
    saveNext: (file) => call({ cmd: "save-next", file }),
    close: () => {
      if (child.connected) child.send({ cmd: "close" })
      return new Promise((r) => (child.exitCode !== null ? r() : child.once("exit", () => r())))
    },
  }
}

/** Bare nodemailer in a process of its own (see bare.js). */
function runBare(env) {
  return new Promise((resolve, reject) => {
    const child = fork(path.join(__dirname, "bare.js"), [], {
      env: { ...process.env, ...env },
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    })
    child.once("message", (m) => (m.error ? reject(new Error(m.error)) : resolve(m)))
    child.once("exit", (code) => code && reject(new Error(`bare nodemailer exited with ${code}`)))
  })
}

function pagesize() {
  return 4096
}

/** RSS (MB) of every process in a group: { max: biggest process, total: sum }. */
function groupRss(pgid) {
  let max = 0
  let total = 0
  for (const d of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(d)) continue
    try {
      const stat = fs.readFileSync(`/proc/${d}/stat`, "utf8")
      // fields after the ")" of the command: state ppid pgrp ...
      const rest = stat.slice(stat.lastIndexOf(")") + 2).split(" ")
      if (Number(rest[2]) !== pgid) continue
      const rssPages = Number(rest[21])
      const mb = (rssPages * pagesize()) / 1048576
      total += mb
      if (mb > max) max = mb
    } catch {
      // the process ended while we looked
    }
  }
  return { max, total }
}

/** CPU seconds (user + system) used so far by the given processes, or by every process of a group. */
function cpuSeconds({ pids = [], pgid } = {}) {
  const want = new Set(pids.map(Number))
  let ticks = 0
  for (const d of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(d)) continue
    try {
      const stat = fs.readFileSync(`/proc/${d}/stat`, "utf8")
      const rest = stat.slice(stat.lastIndexOf(")") + 2).split(" ")
      if (!want.has(Number(d)) && !(pgid && Number(rest[2]) === pgid)) continue
      ticks += Number(rest[11]) + Number(rest[12])
    } catch {
      // gone
    }
  }
  return ticks / 100 // USER_HZ
}

/** Samples a group's RSS every `everyMs`; stop() returns the peaks. */
function sampleRss(pgid, everyMs = 250) {
  const peak = { max: 0, total: 0 }
  const tick = () => {
    const r = groupRss(pgid)
    peak.max = Math.max(peak.max, r.max)
    peak.total = Math.max(peak.total, r.total)
  }
  tick()
  const timer = setInterval(tick, everyMs)
  return {
    stop() {
      clearInterval(timer)
      tick()
      return peak
    },
  }
}

module.exports = { ROOT, sleep, freePort, startMedusa, stopGroup, waitForHealth, startSink, runBare, sampleRss, cpuSeconds }
