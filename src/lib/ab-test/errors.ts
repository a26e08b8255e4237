/**
 * Thrown for any invalid input to the A/B-test library (bad configuration,
 * impossible counts). Its message says what is wrong and what is allowed, so
 * a route can answer 400 with it as is.
 */
export class AbTestInputError extends Error {
  constructor(message: string) {
    super(message)
    this.name = "AbTestInputError"
  }
}
