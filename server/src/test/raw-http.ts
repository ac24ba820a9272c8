import http from 'node:http';

export interface RawAnswer {
  /** The status, or `undefined` when the server closed the connection without answering. */
  status: number | undefined;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export interface RawRequest {
  method?: string;
  headers?: Record<string, string | number>;
  /** Written one after another, each after `pauseMs` (a slow client); the request ends after the last unless `hangUp`. */
  chunks?: Array<string | Buffer>;
  pauseMs?: number;
  /** Drops the connection after the last chunk instead of ending the request (a client that goes away mid-body). */
  hangUp?: boolean;
  /** Awaited after the last chunk, before the request ends or hangs up (to wait for the server to act on what it got). */
  afterChunks?: () => Promise<void>;
}

/**
 * An HTTP request with the bytes exactly as given: bodies that fetch would refuse to send (cut
 * short, framed wrong, trickled). A connection the server cuts counts as an answer without status.
 */
export function rawRequest(url: string, request: RawRequest = {}): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const client = http.request(url, { method: request.method ?? 'POST', headers: request.headers, agent: false });
    let settled = false;
    const done = (answer: RawAnswer) => {
      if (settled) return;
      settled = true;
      resolve(answer);
    };
    client.on('response', (response) => {
      const parts: Buffer[] = [];
      response.on('data', (chunk: Buffer) => parts.push(chunk));
      response.on('end', () =>
        done({ status: response.statusCode, headers: response.headers, body: Buffer.concat(parts).toString('utf8') }),
      );
      response.on('error', () =>
        done({ status: response.statusCode, headers: response.headers, body: Buffer.concat(parts).toString('utf8') }),
      );
    });
    client.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ECONNRESET' || error.code === 'EPIPE') return done({ status: undefined, headers: {}, body: '' });
      if (settled) return;
      settled = true;
      reject(error);
    });
    client.on('close', () => done({ status: undefined, headers: {}, body: '' }));
    void (async () => {
      for (const chunk of request.chunks ?? []) {
        if (client.destroyed) return;
        // Written out to the socket before the next one (or before hanging up).
        await new Promise<void>((wake) => client.write(chunk, () => wake()));
        if (request.pauseMs) await new Promise((wake) => setTimeout(wake, request.pauseMs));
      }
      await request.afterChunks?.();
      if (request.hangUp) client.destroy();
      else if (!client.destroyed) client.end();
    })();
  });
}

/** A part of a multipart body: its headers and content, without the boundary lines. */
export function multipartPart(name: string, content: string | Buffer, fileName?: string): Buffer {
  const disposition = `Content-Disposition: form-data; name="${name}"${fileName === undefined ? '' : `; filename="${fileName}"`}`;
  return Buffer.concat([Buffer.from(`${disposition}\r\n\r\n`), Buffer.isBuffer(content) ? content : Buffer.from(content)]);
}

/** A whole multipart body of the parts, closed with the final boundary unless `unterminated`. */
export function multipartBody(boundary: string, parts: Buffer[], { unterminated = false } = {}): Buffer {
  const pieces: Buffer[] = [];
  for (const part of parts) pieces.push(Buffer.from(`--${boundary}\r\n`), part, Buffer.from('\r\n'));
  if (unterminated) return Buffer.concat(pieces).subarray(0, -2);
  pieces.push(Buffer.from(`--${boundary}--\r\n`));
  return Buffer.concat(pieces);
}
