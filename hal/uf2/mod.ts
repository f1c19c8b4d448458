/**
 * UF2 tools: parse and validate a UF2 file, summarise it, turn it back into a binary, and build
 * one from a binary.
 *
 * ```ts
 * import { formatSummary, parseUf2, summarizeUf2, uf2FromBinary } from "./hal/uf2/mod.ts";
 * const image = parseUf2(await Deno.readFile("RPI_PICO-20241129-v1.24.1.uf2")); // throws Uf2Error
 * console.log(formatSummary(summarizeUf2(image)));
 * const uf2 = uf2FromBinary(await Deno.readFile("app.bin"), { base: 0x10000000 });
 * ```
 */

export * from "./format.ts";
export * from "./families.ts";
export * from "./parse.ts";
export * from "./build.ts";
export * from "./binary_info.ts";
