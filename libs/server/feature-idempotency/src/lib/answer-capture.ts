import type { Response } from 'express';
import { REPLAYED_HEADER } from './idempotency-key';
import { answerHeaders, StoredAnswer } from './stored-answer';

type Send = Response['send'];

/**
 * Holds the answer of a keyed request until `keep` has stored it, then sends it. Stored before it is
 * sent, so a client that retries the moment it reads the answer finds it replayable.
 *
 * Why at `res.send`: every answer of the API leaves through it — Nest's reply (`res.json` → `send`)
 * and the problem filter alike — with its final status and headers, so the stored answer is exactly
 * the one sent, errors included. A streamed answer (StreamableFile) never calls it; the caller sees
 * the response close instead.
 */
export function holdAnswer(res: Response, keep: (answer: StoredAnswer) => Promise<void>): void {
  const original = res.send;
  res.send = function hold(this: Response, body?: unknown): Response {
    // Objects become JSON in Express, which calls send again with the text: keep that call.
    if (body !== undefined && body !== null && typeof body !== 'string' && !Buffer.isBuffer(body)) return original.call(this, body);
    res.send = original;
    const answer: StoredAnswer = {
      status: res.statusCode,
      headers: answerHeaders((name) => res.getHeader(name)),
      body: body === undefined || body === null ? null : typeof body === 'string' ? Buffer.from(body, 'utf8') : body,
      text: typeof body === 'string',
    };
    void keep(answer)
      .catch(() => undefined)
      .then(() => original.call(res, body))
      // Sending failed (connection gone mid-write): end the socket rather than leave it hanging.
      .catch(() => res.destroy());
    return res;
  } as Send;
}

/**
 * Makes the next `res.send` (Nest's reply to the interceptor's empty result) send a stored answer
 * instead: same status, body and answer headers, plus `Idempotent-Replayed: true`.
 */
export function replayAnswer(res: Response, answer: StoredAnswer): void {
  const original = res.send;
  res.send = function replay(this: Response): Response {
    res.send = original;
    res.status(answer.status);
    for (const [name, value] of Object.entries(answer.headers)) res.setHeader(name, value);
    res.setHeader(REPLAYED_HEADER, 'true');
    if (answer.body === null) return original.call(res);
    // Text goes out as text, so Express adds the same charset to Content-Type as it did the first time.
    return original.call(res, answer.text ? answer.body.toString('utf8') : answer.body);
  } as Send;
}
