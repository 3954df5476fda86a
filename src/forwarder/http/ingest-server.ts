// The HTTP input: POST /ingest for Fluentd's out_http, and the silences API. Both need
// the bearer token. A batch is applied whole or not at all: a body that does not parse,
// or any record the forwarder cannot read, gets a 4xx naming what and where, and nothing
// of it is counted. Answers go out only after the batch has committed, so a 200 means
// durable; a client retrying after a timeout is safe because event ids dedup.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import type { ListenAddress } from '../config/config.js';
import { FORWARDER_ERROR_CODES } from '../errors.js';
import type { LogRecord } from '../model/record.js';
import { toRecord } from '../model/record.js';
import type { Processor } from '../processor.js';
import { silenceFromRequest } from '../silences.js';
import type { SqliteStore } from '../state/sqlite-store.js';
import { createTokenCheck } from './auth.js';
import { listen } from './listen.js';
import { parseBatch } from './parse-batch.js';
import { RequestError, readBody } from './read-body.js';
import { sendError, sendJson } from './respond.js';

const MAX_PROBLEMS_LISTED = 20;
const API_BODY_LIMIT = 64 * 1024;

export interface IngestServerOptions {
  listen: ListenAddress;
  token: string;
  maxBodyBytes: number;
  processor: Processor;
  store: SqliteStore;
  logger: Logger;
  now: () => number;
  onSilencesChanged?: () => void;
}

function readRecords(raws: unknown[]): LogRecord[] {
  const records: LogRecord[] = [];
  const problems: string[] = [];
  raws.forEach((raw, index) => {
    const result = toRecord(raw);
    if ('problem' in result) problems.push(`record ${index}: ${result.problem}`);
    else records.push(result.record);
  });
  if (problems.length > 0) {
    const listed = problems.slice(0, MAX_PROBLEMS_LISTED);
    if (problems.length > listed.length) listed.push(`… and ${problems.length - listed.length} more`);
    throw new RequestError(
      422,
      `${problems.length} of ${raws.length} records cannot be read; nothing was applied\n${listed.join('\n')}`,
    );
  }
  return records;
}

export async function startIngestServer(options: IngestServerOptions): Promise<{ server: Server; url: string }> {
  const authorized = createTokenCheck(options.token);
  const { logger } = options;

  const ingest = async (request: IncomingMessage, response: ServerResponse) => {
    const body = await readBody(request, options.maxBodyBytes);
    const records = readRecords(parseBatch(body, request.headers['content-type']));
    const result = options.processor.process(records, 'http');
    sendJson(response, 200, result);
  };

  const silences = async (request: IncomingMessage, response: ServerResponse, id: string | undefined) => {
    const now = options.now();
    if (request.method === 'GET' && id === undefined) return sendJson(response, 200, options.store.silences(now));
    if (request.method === 'DELETE' && id !== undefined) {
      if (!options.store.deleteSilence(id)) return sendError(response, 404, `no silence ${id}`);
      options.onSilencesChanged?.();
      response.writeHead(204).end();
      return;
    }
    if (request.method === 'POST' && id === undefined) {
      let body: unknown;
      try {
        body = JSON.parse((await readBody(request, API_BODY_LIMIT)).toString('utf8'));
      } catch (err) {
        if (err instanceof RequestError) throw err;
        throw new RequestError(400, `the body is not valid JSON: ${(err as Error).message}`);
      }
      const result = silenceFromRequest(body, now);
      if ('problems' in result) return sendError(response, 400, 'the silence is invalid', result.problems);
      options.store.putSilence(result.silence);
      options.onSilencesChanged?.();
      logger.info({ silence: result.silence }, 'silence added');
      return sendJson(response, 201, result.silence);
    }
    return sendError(response, 405, `${request.method} is not allowed here`);
  };

  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    const path = (request.url ?? '/').split('?')[0] as string;
    const silenceMatch = /^\/api\/v1\/silences(?:\/([^/]+))?$/.exec(path);
    if (path !== '/ingest' && !silenceMatch) return sendError(response, 404, `no such endpoint ${path}`);
    if (!authorized(request)) {
      request.resume();
      return sendError(response, 401, 'a valid Authorization: Bearer <token> header is required');
    }
    if (path === '/ingest') {
      if (request.method !== 'POST') return sendError(response, 405, 'POST a JSON array or NDJSON to /ingest');
      return ingest(request, response);
    }
    return silences(
      request,
      response,
      silenceMatch?.[1] === undefined ? undefined : decodeURIComponent(silenceMatch[1]),
    );
  };

  const server = createServer((request, response) => {
    handle(request, response).catch((err: unknown) => {
      if (err instanceof RequestError) {
        if (!response.headersSent)
          sendError(response, err.status, err.message.split('\n')[0] as string, err.message.split('\n').slice(1));
        return;
      }
      logger.error({ 'error.code': FORWARDER_ERROR_CODES.state, err }, 'ingest failed; the client will retry');
      if (!response.headersSent) sendError(response, 503, 'the forwarder could not store the batch; retry');
    });
  });
  server.requestTimeout = 60_000;
  server.headersTimeout = 30_000;
  return { server, url: await listen(server, options.listen) };
}
