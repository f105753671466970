/** Error codes the server sends in `error` frames (PROTOCOL.md section 3). */
export type ServerErrorCode =
  | "bad_request"
  | "unauthorized"
  | "forbidden"
  | "not_found"
  | "limit_exceeded"
  | "too_many_requests"
  | "unrecoverable"
  | "internal"
  /**
   * A publish was sent to the server's broker and no answer came: it may have been delivered.
   * Retry it with the same `idempotencyKey` to have it delivered at most once. (`internal` on a
   * publish means it was not delivered.)
   */
  | "outcome_unknown";

/** Error codes for conditions the client detects itself. */
export type ClientErrorCode =
  /** No reply arrived within `commandTimeoutMs`. */
  | "timeout"
  /** There is no connection now, or it was lost before the reply arrived. */
  | "disconnected"
  /** The client was closed, by `close()` or by a terminal close code. */
  | "closed"
  /** No connection could be opened (or no welcome arrived within `connectTimeoutMs`). */
  | "connect_failed"
  /** The server sent a frame the client cannot read. */
  | "bad_frame"
  /** The subscription was ended by `unsubscribe()` before the server answered. */
  | "cancelled"
  /** An application listener threw; the error's `cause` is what it threw. */
  | "listener_failed"
  /** `getToken` failed or gave no token when the connection's JWT was due for a refresh. */
  | "refresh_failed";

/** A code of either kind; a newer server may send codes not listed here. */
export type ErrorCode = ServerErrorCode | ClientErrorCode | (string & {});

/**
 * A failed request or connection: the server's `error` frame (then `code` is the wire error code
 * and `message` the server's text) or a condition the client detected (`timeout`,
 * `disconnected`, `closed`, ...).
 */
export class RedcastError extends Error {
  /** The wire error code, or one of the client's own codes. */
  readonly code: ErrorCode;
  /** The WebSocket close code when the error comes from a closed connection. */
  readonly closeCode: number | undefined;
  /** What caused it, when something else did (an exception a listener threw, ...). */
  override readonly cause: unknown;

  constructor(code: ErrorCode, message: string, options?: { closeCode?: number; cause?: unknown }) {
    super(message);
    this.name = "RedcastError";
    this.code = code === "" ? "internal" : code;
    this.closeCode = options?.closeCode;
    this.cause = options?.cause;
  }
}
