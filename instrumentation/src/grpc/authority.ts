// server.address and server.port, which both sides of a call report: the server from the
// request's :authority, the client from the address of the server it reached.

/** The host and port of an :authority or peer value: host, host:port, [v6] or [v6]:port. */
export function parseAuthority(authority: string): { address: string; port: number | undefined } {
  const bracketed = /^\[([^\]]*)\](?::(\d+))?$/.exec(authority);
  if (bracketed) {
    return { address: bracketed[1] as string, port: bracketed[2] === undefined ? undefined : Number(bracketed[2]) };
  }
  const colon = authority.lastIndexOf(':');
  // More than one colon without brackets is a bare IPv6 address, not host:port.
  if (colon <= 0 || authority.indexOf(':') !== colon) return { address: authority, port: undefined };
  const port = Number(authority.slice(colon + 1));
  return Number.isInteger(port) && authority.length > colon + 1
    ? { address: authority.slice(0, colon), port }
    : { address: authority, port: undefined };
}
