// Type-checked only (tsconfig.test.json, which has lib "dom"): the browser's WebSocket class must
// be accepted as the client's WebSocket option without a cast, or TypeScript users could not
// pass it. A WebSocketLike with narrower event parameter types would fail here.
import type { WebSocketConstructor } from "../../src/websocket.js";

export const browserWebSocket: WebSocketConstructor = WebSocket;
