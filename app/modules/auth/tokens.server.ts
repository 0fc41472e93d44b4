import { createHash, randomBytes } from "node:crypto";

/** 256 random bits, URL-safe; the prefix makes leaked tokens recognisable by secret scanners. */
export function newSecret(prefix = ""): string {
  return prefix + randomBytes(32).toString("base64url");
}

export function sha256(value: string): string {
  return createHash("sha256").update(value).digest("hex");
}
