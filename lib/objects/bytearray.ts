/** bytearray lives in bytes.ts beside bytes; this file is kept for the import in builtins/module.ts. */
export {};
