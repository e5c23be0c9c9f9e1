import type { Socket } from 'node:net';
import { type ConnectionOptions, connect, type TLSSocket } from 'node:tls';
import { FingerprintMismatchError } from '../agent-errors.js';

/** The `createConnection` of `http.request` in its callback form. */
export type CreateConnection = (
  options: ConnectionOptions & { host?: string; port?: number | string; servername?: string },
  callback: (error: Error | null, socket?: Socket) => void,
) => undefined;

/**
 * A `createConnection` for `https.request` (and `ws`, which hands it on) that pins the
 * server's certificate by its SHA-256 fingerprint (R3). It finishes the TLS handshake
 * first, compares `fingerprint256` of the presented leaf certificate, and only then gives
 * the socket to the request: on a mismatch the socket is destroyed before a single byte
 * of the request (the join token, the hello) was written, and the request fails with a
 * FingerprintMismatchError. With a pin, a self-signed certificate is accepted and the host
 * name is not checked: the pin is the stronger check.
 *
 * `timeoutMs` bounds the TCP connect and the handshake (a black-holed server).
 */
export function pinnedConnect(fingerprint: string, timeoutMs: number): CreateConnection {
  return (options, callback) => {
    const host = options.host ?? 'localhost';
    const socket: TLSSocket = connect({
      host,
      port: Number(options.port),
      servername: options.servername || (isIpAddress(host) ? undefined : host),
      rejectUnauthorized: false,
    });
    let settled = false;
    const settle = (error: Error | null) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.off('error', settle);
      if (error) {
        socket.destroy();
        callback(error);
      } else {
        callback(null, socket);
      }
    };
    const timer = setTimeout(
      () => settle(new Error(`TLS connection to ${host} timed out after ${timeoutMs} ms`)),
      timeoutMs,
    );
    timer.unref();
    socket.once('error', settle);
    socket.once('secureConnect', () => {
      const actual = socket.getPeerCertificate()?.fingerprint256 ?? '(no certificate)';
      settle(actual === fingerprint ? null : new FingerprintMismatchError(fingerprint, actual));
    });
    return undefined;
  };
}

function isIpAddress(host: string): boolean {
  return /^[\d.]+$/.test(host) || host.includes(':');
}
