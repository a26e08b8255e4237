const { MetadataStorage } = require("@medusajs/framework/mikro-orm/core")

MetadataStorage.clear()

// FC_NUM_RUNS=5000 npm run test:unit explores the property tests far harder
// than the default 100 runs each, to shake out rare counterexamples.
if (process.env.FC_NUM_RUNS) {
  require("fast-check").configureGlobal({ numRuns: Number(process.env.FC_NUM_RUNS) })
}
