// Sign-in links by mail, through PODNET_MAIL_COMMAND (a sendmail-compatible command such as
// `/usr/sbin/sendmail -t`). Without a mail command there are no magic links at all: a link
// printed to the console would put a sign-in token in the logs, for any address anyone asks
// for, the admin's included. The setup link is the one link the server prints.
import { spawn } from 'node:child_process'
import type { ServerConfig } from './config'
import type { ServerContext } from './context'

/**
 * Magic links need a mail command, and PODNET_PUBLIC_URL for the link's address: the
 * request's own Host header is the caller's to choose, and a link mailed to someone else
 * must not point wherever the caller said.
 */
export function magicLinksAvailable(config: Pick<ServerConfig, 'mailCommand' | 'publicUrl'>): boolean {
  return !!config.mailCommand && !!config.publicUrl
}

export async function sendMagicLink(server: ServerContext, to: string, link: string): Promise<void> {
  const command = server.config.mailCommand
  if (!command) throw new Error('no mail command configured')
  const message = [
    `To: ${to}`,
    'Subject: Your Podnet Lab sign-in link',
    'Content-Type: text/plain; charset=utf-8',
    '',
    'Open this link within 15 minutes to sign in to Podnet Lab:',
    '',
    link,
    '',
  ].join('\r\n')
  const [file, ...args] = command.split(/\s+/)
  await new Promise<void>((resolve) => {
    const child = spawn(file!, args, { stdio: ['pipe', 'ignore', 'ignore'] })
    child.on('error', (e) => {
      server.log.error(`mail command failed: ${e.message}`)
      resolve()
    })
    child.on('exit', (code) => {
      if (code !== 0) server.log.error(`mail command exited with ${code}`)
      else server.log.info(`sign-in link mailed to ${to}`)
      resolve()
    })
    // A command that exits without reading the message must not crash the server.
    child.stdin.on('error', () => {})
    child.stdin.end(message)
  })
}
