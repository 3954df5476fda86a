// Bearer-token check in constant time (hashing first makes the lengths equal).
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

const digest = (text: string) => createHash('sha256').update(text).digest();

export function createTokenCheck(token: string): (request: IncomingMessage) => boolean {
  const expected = digest(token);
  return (request) => {
    const header = request.headers.authorization ?? '';
    const match = /^Bearer (.+)$/i.exec(header.trim());
    return match !== null && timingSafeEqual(digest(match[1] as string), expected);
  };
}
