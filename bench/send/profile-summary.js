#!/usr/bin/env node
/**
 * Summarize a V8 .cpuprofile (node --cpu-prof): self time by function and by
 * package, optionally only for samples between --from and --to seconds
 * counted back from the end of the profile (e.g. `--last 30`).
 *   node bench/send/profile-summary.js file.cpuprofile [--last S] [--skip-end S] [--top N] [--incl REGEX]
 * (--incl: also inclusive time of the functions whose "name file:line" matches)
 */
"use strict"
const fs = require("node:fs")
const args = process.argv.slice(2)
const file = args[0]
const opt = (k, d) => (args.includes(k) ? Number(args[args.indexOf(k) + 1]) : d)
const last = opt("--last", Infinity)
const skipEnd = opt("--skip-end", 0)
const top = opt("--top", 40)
const incl = args.includes("--incl") ? new RegExp(args[args.indexOf("--incl") + 1]) : null
const p = JSON.parse(fs.readFileSync(file, "utf8"))
const byId = new Map(p.nodes.map((n) => [n.id, n]))
const parent = new Map()
for (const n of p.nodes) for (const c of n.children || []) parent.set(c, n.id)
const inclusive = new Map()
const times = []
let t = p.startTime
for (const d of p.timeDeltas) times.push((t += d))
const end = p.endTime - skipEnd * 1e6
const start = end - last * 1e6
const self = new Map()
const pkg = new Map()
let total = 0
for (let i = 0; i < p.samples.length; i++) {
  if (times[i] < start || times[i] > end) continue
  const dt = (times[i + 1] ?? p.endTime) - times[i]
  const n = byId.get(p.samples[i])
  const cf = n.callFrame
  const url = cf.url || ""
  const key = `${cf.functionName || "(anon)"} ${url.replace(/^.*node_modules\//, "nm/").replace(/^file:\/\/\/work\/main\//, "")}:${cf.lineNumber + 1}`
  self.set(key, (self.get(key) || 0) + dt)
  let k = "(other)"
  const m = /node_modules\/((@[^/]+\/)?[^/]+)/.exec(url)
  if (m) k = m[1]
  else if (url.includes("/work/main/src/")) k = "src/" + url.split("/work/main/src/")[1].split("/")[0]
  else if (url.startsWith("node:")) k = "node:"
  else if (cf.functionName === "(garbage collector)") k = "(gc)"
  else if (cf.functionName === "(idle)" || cf.functionName === "(program)") k = cf.functionName
  pkg.set(k, (pkg.get(k) || 0) + dt)
  total += dt
  if (incl) {
    const seen = new Set()
    for (let id = n.id; id !== undefined; id = parent.get(id)) {
      const f = byId.get(id).callFrame
      const name = `${f.functionName || "(anon)"} ${(f.url || "").replace(/^.*node_modules\//, "nm/").replace(/^file:\/\/\/work\/main\//, "")}:${f.lineNumber + 1}`
      if (!incl.test(name) || seen.has(name)) continue
      seen.add(name)
      inclusive.set(name, (inclusive.get(name) || 0) + dt)
    }
  }
}
const show = (m) =>
  [...m]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([k, v]) => `${(v / 1000).toFixed(0).padStart(8)} ms ${((v / total) * 100).toFixed(1).padStart(5)}%  ${k}`)
    .join("\n")
console.log(`window ${(total / 1e6).toFixed(1)} s\n--- by package\n${show(pkg)}\n--- by function (self)\n${show(self)}`)
if (incl) console.log(`--- inclusive, functions matching ${incl}\n${show(inclusive)}`)
