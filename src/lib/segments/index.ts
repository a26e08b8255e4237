/**
 * Segments: the rule language (a zod-described JSON tree), its validation
 * with path-named errors, its description for the UI and the AI, and its
 * compiler to one parameterized PostgreSQL query. Pure: no Medusa imports.
 */
export * from "./fields"
export * from "./schema"
export * from "./validate"
export * from "./compile"
export * from "./describe"
export {
  parseSegmentDate,
  subtractRelative,
  compareDecimalStrings,
  MONEY_STRING_RE,
  type ParsedSegmentDate,
} from "./values"
export * from "./built-in"
export * from "./positional"
export * from "./refresh-order"
export * from "./purchase-facts"
export * from "./contact-filter"
