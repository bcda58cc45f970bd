import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chmod, chown, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ImapFlow } from 'imapflow';

const DOVECOT = process.env.DOVECOT_BINARY ?? '/usr/sbin/dovecot';

export interface ThrowawayDovecot {
  host: string;
  port: number;
  /** Users with their passwords (one maildir each). */
  users: Record<string, string>;
  /** Appends a raw message to a user's folder through IMAP, as a mail server delivering it would; returns its UID. */
  deliver(user: string, raw: string | Buffer, folder?: string): Promise<number>;
  /** Runs `work` with a logged-in client of a user (to create or delete folders, …). */
  withClient<T>(user: string, work: (client: ImapFlow) => Promise<T>): Promise<T>;
  log(): Promise<string>;
  stop(): Promise<void>;
}

/** A free port on loopback (the kernel picks it; Dovecot binds it right after). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Waits until the server sends its IMAP greeting, or fails after `timeoutMs`. */
async function waitForGreeting(port: number, child: ChildProcess, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`dovecot exited with code ${child.exitCode}`);
    const greeted = await new Promise<boolean>((resolve) => {
      const socket = new Socket();
      const done = (ok: boolean) => {
        socket.destroy();
        resolve(ok);
      };
      socket.setTimeout(2000, () => done(false));
      socket.once('error', () => done(false));
      socket.once('data', (data) => done(data.toString().startsWith('* OK')));
      socket.connect(port, '127.0.0.1');
    });
    if (greeted) return;
    if (Date.now() > deadline) throw new Error(`dovecot did not answer on port ${port} within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const idOf = (flag: '-u' | '-g', name: string) => Number(execFileSync('id', [flag, name]).toString().trim());

/**
 * Starts Debian's Dovecot (package dovecot-imapd) with a throwaway configuration in a temporary folder: IMAP on a
 * free loopback port, plain-text logins from a passwd-file, one maildir per user in the same folder. Nothing of the
 * machine's own Dovecot setup is read or touched. Dovecot refuses to run mail processes as root, so as root (CI)
 * they run as Debian's `dovecot` and `dovenull` users; otherwise everything runs as the current user.
 */
export async function startDovecot(users: Record<string, string>): Promise<ThrowawayDovecot> {
  const dir = await mkdtemp(join(tmpdir(), 'sportello-dovecot-'));
  const port = await freePort();
  const asRoot = process.getuid?.() === 0;
  const mailUid = asRoot ? idOf('-u', 'dovecot') : process.getuid!();
  const mailGid = asRoot ? idOf('-g', 'dovecot') : process.getgid!();
  const me = execFileSync('id', ['-un']).toString().trim();
  const internalUser = asRoot ? 'dovecot' : me;
  const loginUser = asRoot ? 'dovenull' : me;

  await mkdir(join(dir, 'run'), { recursive: true });
  await mkdir(join(dir, 'mail'), { recursive: true });
  if (asRoot) {
    // The mail processes write the maildirs as the dovecot user.
    await chmod(dir, 0o755);
    await chown(join(dir, 'mail'), mailUid, mailGid);
  }
  await writeFile(
    join(dir, 'passwd'),
    Object.entries(users)
      .map(([user, pass]) => `${user}:{PLAIN}${pass}\n`)
      .join(''),
  );
  const config = `
base_dir = ${dir}/run
state_dir = ${dir}/run
log_path = ${dir}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
default_internal_user = ${internalUser}
default_internal_group = ${asRoot ? 'dovecot' : me}
default_login_user = ${loginUser}
first_valid_uid = 1
first_valid_gid = 1
mail_location = maildir:${dir}/mail/%u
mail_uid = ${mailUid}
mail_gid = ${mailGid}
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u ${dir}/passwd
}
userdb {
  driver = static
  args = home=${dir}/mail/%u
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = ${port}
  }
  inet_listener imaps {
    port = 0
  }
}
service pop3-login {
  inet_listener pop3 {
    port = 0
  }
  inet_listener pop3s {
    port = 0
  }
}
service submission-login {
  inet_listener submission {
    port = 0
  }
}
service lmtp {
  unix_listener lmtp {
    mode = 0600
  }
}
`;
  const configPath = join(dir, 'dovecot.conf');
  await writeFile(configPath, config);
  const child = spawn(DOVECOT, ['-F', '-c', configPath], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const log = () =>
    readFile(join(dir, 'dovecot.log'), 'utf8')
      .catch(() => '')
      .then((text) => `${output}${text}`);
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(killer);
    }
    await rm(dir, { recursive: true, force: true });
  };

  try {
    await waitForGreeting(port, child, 30_000);
  } catch (error) {
    const details = await log();
    await stop();
    throw new Error(`${(error as Error).message}\n${details}`);
  }

  async function withClient<T>(user: string, work: (client: ImapFlow) => Promise<T>): Promise<T> {
    const client = new ImapFlow({
      host: '127.0.0.1',
      port,
      secure: false,
      auth: { user, pass: users[user]! },
      logger: false,
    });
    client.on('error', () => undefined);
    await client.connect();
    try {
      return await work(client);
    } finally {
      await client.logout().catch(() => client.close());
    }
  }

  return {
    host: '127.0.0.1',
    port,
    users,
    withClient,
    deliver: (user, raw, folder = 'INBOX') =>
      withClient(user, async (client) => {
        const appended = await client.append(folder, raw);
        if (!appended || !appended.uid) throw new Error('APPEND returned no UID');
        return appended.uid;
      }),
    log,
    stop,
  };
}
