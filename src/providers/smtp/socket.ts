import net from "node:net"

/**
 * nodemailer `getSocket` that opens the TCP connection itself with Nagle's algorithm
 * off. nodemailer writes the message body and the final "\r\n.\r\n" separately; with
 * Nagle on, the dot waits for the server's (delayed, ~40ms) ACK of the body, so every
 * message on a connection costs an extra 40ms. Measured against a local sink: 45ms ->
 * 10ms per message on one connection. nodemailer still does the TLS part (implicit TLS
 * for `secure`, STARTTLS otherwise) on top of the socket handed to it.
 */
export function connectWithoutNagle(timeoutMs: number) {
  return (
    options: { host?: string; port?: number },
    callback: (err: Error | null, socketOptions?: { connection: net.Socket }) => void
  ): void => {
    const socket = net.connect({ host: options.host, port: options.port as number })
    const done = (err: Error | null) => {
      socket.removeListener("connect", onConnect)
      socket.removeListener("error", done)
      socket.removeListener("timeout", onTimeout)
      socket.setTimeout(0)
      if (err) {
        socket.destroy()
        return callback(err)
      }
      socket.setNoDelay(true)
      socket.setKeepAlive(true)
      callback(null, { connection: socket })
    }
    const onConnect = () => done(null)
    const onTimeout = () =>
      done(
        Object.assign(new Error(`Connection timeout to ${options.host}:${options.port}`), {
          code: "ETIMEDOUT",
        })
      )
    socket.once("connect", onConnect)
    socket.once("error", done)
    socket.once("timeout", onTimeout)
    socket.setTimeout(timeoutMs)
  }
}
