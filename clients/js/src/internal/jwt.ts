import { platform } from "./platform.js";

/**
 * The `exp` claim of a JWT in milliseconds since the epoch, read without verifying anything (the
 * server verifies; the client only needs to know when to refresh). Undefined when the token is
 * not a JWT (a shared token), has no numeric `exp`, or the platform has no `atob`.
 */
export function jwtExpiryMs(token: string): number | undefined {
  const parts = token.split(".");
  if (parts.length !== 3 || !platform.atob) {
    return undefined;
  }
  const b64 = parts[1]!.replace(/-/g, "+").replace(/_/g, "/");
  try {
    const claims: unknown = JSON.parse(platform.atob(b64 + "===".slice((b64.length + 3) % 4)));
    const exp =
      typeof claims === "object" && claims !== null
        ? (claims as Record<string, unknown>)["exp"]
        : undefined;
    return typeof exp === "number" && Number.isFinite(exp) ? exp * 1000 : undefined;
  } catch {
    return undefined; // not base64 or not JSON: not a JWT this client can read
  }
}
