import { defineRouteConfig } from "@medusajs/admin-sdk"
import { EnvelopeSolid } from "@medusajs/icons"
import { Navigate } from "react-router-dom"

/**
 * "Marketing" in the sidebar. Its pages (Contacts, Segments, Topics, Suppressions, and
 * later campaigns, flows...) live under /marketing/* so the sidebar nests them
 * here; the section itself opens on the contacts list.
 */
const MarketingPage = () => <Navigate to="/marketing/contacts" replace />

export const config = defineRouteConfig({
  label: "Marketing",
  icon: EnvelopeSolid,
})

export const handle = {
  breadcrumb: () => "Marketing",
}

export default MarketingPage
