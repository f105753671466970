/**
 * redcast-js: a client of the redcast wire protocol v1 for browsers and Node 18+.
 *
 * @packageDocumentation
 */
export { RedcastClient } from "./client.js";
export {
  RedcastError,
  type ClientErrorCode,
  type ErrorCode,
  type ServerErrorCode,
} from "./errors.js";
export {
  DEFAULT_BACKOFF_INITIAL_MS,
  DEFAULT_BACKOFF_MAX_MS,
  DEFAULT_COMMAND_TIMEOUT_MS,
  DEFAULT_CONNECT_TIMEOUT_MS,
  SUBPROTOCOL,
  type RedcastClientOptions,
} from "./options.js";
export type {
  SubscribeOptions,
  Subscription,
  SubscriptionEvents,
  SubscriptionListener,
  SubscriptionState,
} from "./subscription.js";
export type {
  ChannelInfo,
  ClientEvents,
  ConnectionState,
  HistoryPage,
  Message,
  Presence,
  PresenceEvent,
  PresenceUser,
  PublishResult,
  Recovered,
  RecoveryFailed,
  StateChange,
  StreamPosition,
  Subscribed,
  TokenRefreshed,
  Welcome,
} from "./types.js";
export type { WebSocketConstructor, WebSocketLike } from "./websocket.js";
