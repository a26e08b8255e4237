import { loadEnv, defineConfig, Modules } from "@medusajs/framework/utils"

loadEnv(process.env.NODE_ENV || "development", process.cwd())

/**
 * The dev store. It loads this plugin's own module and provider from ./src
 * (a host store would list `medusa-marketing` under `plugins` instead, see README).
 * Every setting comes from the environment with a default that works locally.
 */
const env = process.env
const REDIS_URL = env.REDIS_URL
const PORT = Number(env.PORT || 9000)
const BACKEND_URL = env.MEDUSA_BACKEND_URL || `http://localhost:${PORT}`
const DEV_SECRET = "supersecret"

const smtpConfigured = Boolean(env.SMTP_URL || env.SMTP_HOST)
const num = (v: string | undefined) => (v === undefined || v === "" ? undefined : Number(v))

const redisModules = REDIS_URL
  ? [
      {
        resolve: "@medusajs/medusa/event-bus-redis",
        options: { redisUrl: REDIS_URL },
      },
      {
        resolve: "@medusajs/medusa/workflow-engine-redis",
        options: { redis: { redisUrl: REDIS_URL } },
      },
      {
        resolve: "@medusajs/medusa/locking",
        options: {
          providers: [
            {
              resolve: "@medusajs/medusa/locking-redis",
              id: "locking-redis",
              is_default: true,
              options: { redisUrl: REDIS_URL },
            },
          ],
        },
      },
      {
        resolve: "@medusajs/medusa/cache-redis",
        options: { redisUrl: REDIS_URL },
      },
    ]
  : []

module.exports = defineConfig({
  projectConfig: {
    databaseUrl:
      env.DATABASE_URL || "postgres://postgres@127.0.0.1:5432/medusa_marketing",
    redisUrl: REDIS_URL,
    workerMode: (env.MEDUSA_WORKER_MODE as "shared" | "worker" | "server") || "shared",
    http: {
      storeCors: env.STORE_CORS || "http://localhost:8000,http://localhost:3000",
      adminCors: env.ADMIN_CORS || `http://localhost:5173,http://localhost:${PORT},${BACKEND_URL}`,
      authCors: env.AUTH_CORS || `http://localhost:5173,http://localhost:${PORT},${BACKEND_URL},http://localhost:8000`,
      jwtSecret: env.JWT_SECRET || DEV_SECRET,
      cookieSecret: env.COOKIE_SECRET || DEV_SECRET,
    },
  },
  admin: {
    disable: env.DISABLE_ADMIN === "true" || env.MEDUSA_WORKER_MODE === "worker",
    backendUrl: BACKEND_URL,
  },
  plugins: [
    {
      resolve: "@medusajs/loyalty-plugin",
      options: {},
    },
  ],
  modules: [
    {
      resolve: "./src/modules/marketing",
      options: {
        secret: env.MARKETING_SECRET || env.COOKIE_SECRET || DEV_SECRET,
        public_url: env.MARKETING_PUBLIC_URL || BACKEND_URL,
        channel: env.MARKETING_EMAIL_CHANNEL || "email",
        from: env.MARKETING_FROM || env.SMTP_FROM || "Medusa Store <store@localhost>",
        store_name: env.MARKETING_STORE_NAME || "Medusa Store",
        double_opt_in: env.MARKETING_DOUBLE_OPT_IN !== "false",
        confirm_token_ttl_hours: num(env.MARKETING_CONFIRM_TTL_HOURS),
        confirmation_resend_minutes: num(env.MARKETING_CONFIRM_RESEND_MINUTES),
        rate_limit_per_ip: num(env.MARKETING_RATE_LIMIT_PER_IP),
        rate_limit_per_email: num(env.MARKETING_RATE_LIMIT_PER_EMAIL),
        rate_limit_window_seconds: num(env.MARKETING_RATE_LIMIT_WINDOW_SECONDS),
        consent_wording: env.MARKETING_CONSENT_WORDING,
        consent_wording_version: env.MARKETING_CONSENT_WORDING_VERSION,
        postal_address: env.MARKETING_POSTAL_ADDRESS,
        store_url: env.MARKETING_STORE_URL || env.STOREFRONT_URL,
        frequency_cap_hours: num(env.MARKETING_FREQUENCY_CAP_HOURS),
        send_rate: num(env.MARKETING_SEND_RATE),
        send_batch_size: num(env.MARKETING_SEND_BATCH_SIZE),
        send_concurrency: num(env.MARKETING_SEND_CONCURRENCY),
        send_lease_seconds: num(env.MARKETING_SEND_LEASE_SECONDS),
        send_max_attempts: num(env.MARKETING_SEND_MAX_ATTEMPTS),
        send_retry_base_seconds: num(env.MARKETING_SEND_RETRY_BASE_SECONDS),
        auto_pause_error_rate: num(env.MARKETING_AUTO_PAUSE_ERROR_RATE),
        auto_pause_min_sample: num(env.MARKETING_AUTO_PAUSE_MIN_SAMPLE),
        tracking_ip: env.MARKETING_TRACKING_IP,
        utm_enabled: env.MARKETING_UTM === undefined ? undefined : env.MARKETING_UTM !== "false",
        utm_source: env.MARKETING_UTM_SOURCE,
        utm_medium: env.MARKETING_UTM_MEDIUM,
        tracking_url: env.MARKETING_TRACKING_URL,
        tracking_port: num(env.MARKETING_TRACKING_PORT),
        tracking_host: env.MARKETING_TRACKING_HOST,
        tracking_trust_proxy: num(env.MARKETING_TRACKING_TRUST_PROXY),
        tracking_flush_ms: num(env.MARKETING_TRACKING_FLUSH_MS),
        tracking_buffer_max: num(env.MARKETING_TRACKING_BUFFER_MAX),
        tracking_rate_limit_per_ip: num(env.MARKETING_TRACKING_RATE_LIMIT_PER_IP),
        attribution_window_days: num(env.MARKETING_ATTRIBUTION_WINDOW_DAYS),
        attribution_model: env.MARKETING_ATTRIBUTION_MODEL,
        complaint_rate_limit: num(env.MARKETING_COMPLAINT_RATE_LIMIT),
        complaint_min_sample: num(env.MARKETING_COMPLAINT_MIN_SAMPLE),
        soft_bounce_limit: num(env.MARKETING_SOFT_BOUNCE_LIMIT),
        webhook_secret: env.MARKETING_WEBHOOK_SECRET,
        sendgrid_public_key: env.MARKETING_SENDGRID_PUBLIC_KEY,
        postmark_user: env.MARKETING_POSTMARK_USER,
        postmark_password: env.MARKETING_POSTMARK_PASSWORD,
        sns_topic_arns: env.MARKETING_SNS_TOPIC_ARNS ? env.MARKETING_SNS_TOPIC_ARNS.split(",").map((s) => s.trim()).filter(Boolean) : undefined,
        sns_cert_dir: env.MARKETING_SNS_CERT_DIR,
        ses_enabled: env.MARKETING_SES_WEBHOOK === undefined ? undefined : env.MARKETING_SES_WEBHOOK !== "false",
      },
    },
    {
      resolve: "@medusajs/medusa/notification",
      options: {
        providers: [
          {
            resolve: "./src/providers/smtp",
            id: "smtp",
            options: {
              channels: ["email"],
              from: env.SMTP_FROM || env.MARKETING_FROM || "Medusa Store <store@localhost>",
              url: env.SMTP_URL,
              host: env.SMTP_HOST,
              port: num(env.SMTP_PORT),
              secure: env.SMTP_SECURE === "true",
              user: env.SMTP_USER,
              pass: env.SMTP_PASS,
              max_connections: num(env.SMTP_POOL_SIZE),
              rate_limit: num(env.SMTP_RATE_LIMIT),
              tls_reject_unauthorized: env.SMTP_TLS_REJECT_UNAUTHORIZED !== "false",
              dkim: env.DKIM_PRIVATE_KEY
                ? {
                    domain_name: env.DKIM_DOMAIN,
                    key_selector: env.DKIM_SELECTOR,
                    private_key: env.DKIM_PRIVATE_KEY.replace(/\\n/g, "\n"),
                  }
                : undefined,
              outbox_dir: smtpConfigured ? undefined : env.MAIL_OUTBOX_DIR || "./outbox",
            },
          },
        ],
      },
    },
    ...redisModules,
  ],
})
