#!/usr/bin/env node
/**
 * `npm test`: unit tests, then the HTTP integration tests (each file boots
 * a whole Medusa app against a fresh Postgres database), then the campaign
 * send's crash test (a real worker killed mid-campaign), then the admin UI
 * in real Chromium. Prints one closing line: "N passed, M failed".
 */
const { spawnSync } = require("node:child_process")
const fs = require("node:fs")
const os = require("node:os")
const path = require("node:path")

const root = path.resolve(__dirname, "..")
const jest = path.join(root, "node_modules", ".bin", "jest")
const only = process.argv.slice(2) // e.g. `npm test -- unit http`
const want = (name) => !only.length || only.includes(name)

let passed = 0
let failed = 0
const summary = []

function runJest(name, testType) {
  const out = path.join(os.tmpdir(), `medusa-marketing-jest-${name}-${process.pid}.json`)
  const started = Date.now()
  const r = spawnSync(
    jest,
    ["--runInBand", "--forceExit", "--json", `--outputFile=${out}`, ...(name === "unit" ? ["--silent"] : [])],
    {
      cwd: root,
      stdio: "inherit",
      env: { ...process.env, TEST_TYPE: testType, NODE_OPTIONS: "--experimental-vm-modules" },
    }
  )
  let p = 0
  let f = 0
  if (fs.existsSync(out)) {
    const json = JSON.parse(fs.readFileSync(out, "utf8"))
    p = json.numPassedTests
    f = json.numFailedTests + (json.numRuntimeErrorTestSuites || 0)
    fs.unlinkSync(out)
  }
  if (r.status !== 0 && f === 0) {
    f = 1 // the runner itself failed (no suites, crash): count it
  }
  passed += p
  failed += f
  summary.push(`${name}: ${p} passed, ${f} failed (${((Date.now() - started) / 1000).toFixed(0)} s)`)
}

function hasModuleTests() {
  const dir = path.join(root, "src", "modules")
  return fs
    .readdirSync(dir)
    .some(
      (m) =>
        fs.existsSync(path.join(dir, m, "__tests__")) &&
        fs.readdirSync(path.join(dir, m, "__tests__")).some((f) => f.endsWith(".spec.ts") && !f.endsWith(".unit.spec.ts"))
    )
}

/** A suite run by its own runner script, whose closing line is `<name>: N passed, M failed`. */
function runScript(name, file) {
  const started = Date.now()
  const r = spawnSync("node", [file], {
    cwd: root,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  })
  process.stdout.write(r.stdout || "")
  const m = new RegExp(`${name}: (\\d+) passed, (\\d+) failed`).exec(r.stdout || "")
  const p = m ? Number(m[1]) : 0
  let f = m ? Number(m[2]) : 0
  if (r.status !== 0 && f === 0) {
    f = 1
  }
  passed += p
  failed += f
  summary.push(`${name}: ${p} passed, ${f} failed (${((Date.now() - started) / 1000).toFixed(0)} s)`)
}

if (want("unit")) runJest("unit", "unit")
// module tests against a database (src/modules/*/__tests__); none yet besides the HTTP suites
if (want("modules") && hasModuleTests()) runJest("modules", "integration:modules")
if (want("http")) runJest("http", "integration:http")
// a real worker killed with SIGKILL mid-campaign and restarted (integration-tests/crash/run.js)
const crash = path.join(root, "integration-tests", "crash", "run.js")
if (want("crash") && fs.existsSync(crash)) runScript("crash", crash)
const browser = path.join(root, "integration-tests", "browser", "run.js")
if (want("browser") && fs.existsSync(browser)) runScript("browser", browser)

process.stdout.write(`\n${summary.join("\n")}\n`)
process.stdout.write(`${passed} passed, ${failed} failed\n`)
process.exit(failed ? 1 : 0)
