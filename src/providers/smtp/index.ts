import { ModuleProvider, Modules } from "@medusajs/framework/utils"
import { SmtpNotificationService } from "./service"

export { SmtpNotificationService, SmtpDeliveryError } from "./service"
export type { SmtpProviderOptions } from "./types"

export default ModuleProvider(Modules.NOTIFICATION, {
  services: [SmtpNotificationService],
})
