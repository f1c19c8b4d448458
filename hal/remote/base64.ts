/**
 * Base64 for file copies to and from boards that have binascii. Uses the built-in
 * `Uint8Array.fromBase64`/`toBase64` where the runtime has them (Deno, recent browsers) and a
 * btoa/atob fallback elsewhere, since this code also runs in browsers over Web Serial.
 */

interface Base64Builtins {
  fromBase64?: (text: string) => Uint8Array;
}

export function encodeBase64(data: Uint8Array): string {
  const withBuiltin = data as Uint8Array & { toBase64?: () => string };
  if (typeof withBuiltin.toBase64 === "function") return withBuiltin.toBase64();
  let binary = "";
  for (const byte of data) binary += String.fromCharCode(byte);
  return btoa(binary);
}

export function decodeBase64(text: string): Uint8Array {
  const builtin = (Uint8Array as unknown as Base64Builtins).fromBase64;
  if (typeof builtin === "function") return builtin(text);
  const binary = atob(text);
  const data = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) data[i] = binary.charCodeAt(i);
  return data;
}
