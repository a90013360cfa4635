/**
 * Records (and refuses) every attempt of this process to reach the network from JavaScript:
 * sockets (TCP, TLS, HTTP, fetch all end in net.Socket#connect), DNS lookups and UDP. Loopback
 * and other local addresses count too: the app has no reason to open any socket. `inetSockets()`
 * also lists the process's open IPv4/IPv6 sockets from /proc (Linux), which covers worker threads
 * and native code the patches do not see.
 */
import dgram from 'node:dgram';
import dns from 'node:dns';
import fs from 'node:fs';
import net from 'node:net';

export const attempts = [];

function refused(kind, target) {
  attempts.push({ kind, target: String(target), stack: new Error().stack?.split('\n').slice(2, 6).join(' | ') });
  const e = new Error(`network refused by the test (${kind} ${target})`);
  e.code = 'ECONNREFUSED';
  return e;
}

const connect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function (...args) {
  const opts = typeof args[0] === 'object' && args[0] !== null ? args[0] : { port: args[0], host: args[1] };
  // A Unix domain socket path is local IPC, not network.
  if (opts.path !== undefined) return connect.apply(this, args);
  const err = refused('socket', `${opts.host ?? 'localhost'}:${opts.port}`);
  process.nextTick(() => this.destroy(err));
  return this;
};

for (const name of ['lookup', 'resolve', 'resolve4', 'resolve6', 'resolveAny']) {
  dns[name] = (host, ...rest) => {
    const cb = rest.findLast((a) => typeof a === 'function');
    const err = refused(`dns.${name}`, host);
    if (cb) process.nextTick(() => cb(err));
  };
  if (dns.promises[name]) dns.promises[name] = async (host) => Promise.reject(refused(`dns.promises.${name}`, host));
}

const createSocket = dgram.createSocket;
dgram.createSocket = (...args) => {
  refused('udp', JSON.stringify(args[0]));
  return createSocket(...args);
};

/** This process's open internet sockets (not Unix ones), from /proc; null where /proc is absent. */
export function inetSockets() {
  let fds;
  try {
    fds = fs.readdirSync('/proc/self/fd');
  } catch {
    return null;
  }
  const mine = new Set();
  for (const fd of fds) {
    try {
      const m = /^socket:\[(\d+)\]$/.exec(fs.readlinkSync(`/proc/self/fd/${fd}`));
      if (m) mine.add(m[1]);
    } catch {
      // closed meanwhile
    }
  }
  const found = [];
  for (const table of ['tcp', 'tcp6', 'udp', 'udp6', 'raw', 'raw6']) {
    let text;
    try {
      text = fs.readFileSync(`/proc/self/net/${table}`, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      if (cols.length > 9 && mine.has(cols[9])) found.push({ table, local: cols[1], remote: cols[2] });
    }
  }
  return found;
}
