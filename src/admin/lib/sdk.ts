import Medusa from "@medusajs/js-sdk"

/** The one js-sdk instance every admin extension in this plugin talks through. */
export const sdk = new Medusa({
  baseUrl: import.meta.env.VITE_BACKEND_URL || "/",
  debug: import.meta.env.DEV,
  auth: {
    type: "session",
  },
})
