'use strict';
/**
 * `node --require scripts/loopback-preload.js …`: every TCP server of the process listens on 127.0.0.1
 * unless it names a host itself. The Agents Playground calls `server.listen(port)` with no host, which
 * would listen on all interfaces. Unix sockets and inherited handles are left alone.
 */
const net = require('node:net');

const HOST = '127.0.0.1';
const originalListen = net.Server.prototype.listen;

function isPort(value) {
  return typeof value === 'number' || (typeof value === 'string' && /^\d+$/.test(value));
}

function withLoopback(args) {
  const [first, second] = args;
  if (first === undefined || typeof first === 'function')
    return [0, HOST, ...args.slice(first === undefined ? 1 : 0)];
  if (isPort(first)) return typeof second === 'string' ? args : [first, HOST, ...args.slice(1)];
  const isPortOptions =
    typeof first === 'object' &&
    first !== null &&
    !('path' in first) &&
    !('fd' in first) &&
    !('_handle' in first);
  if (isPortOptions && first.host === undefined) return [{ ...first, host: HOST }, ...args.slice(1)];
  return args;
}

net.Server.prototype.listen = function listen(...args) {
  return originalListen.apply(this, withLoopback(args));
};
