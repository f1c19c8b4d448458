/**
 * The board's file system, driven over the raw REPL: list, stat, read, write, remove, folders,
 * free space, and verified binary-safe copies both ways.
 *
 * Boards differ a lot here, so the first use probes what the firmware has (`os.ilistdir`,
 * `os.stat`, `os.mkdir`, `os.statvfs`, the micro:bit's flat `os.size`, `hashlib`, `binascii`)
 * and the code sent afterwards uses only that. A few helper functions are defined on the board
 * under `_upy_` names; if they went missing (a soft reset by the user), the NameError is caught,
 * they are defined again and the call retried.
 *
 * Copies go in chunks sized from the board's free heap (256 bytes on a 16 KB micro:bit, up to
 * 4 KB on a Pico), encoded as base64 when the board has binascii and as bytes literals otherwise,
 * so the board never holds more than a chunk or two. Downloads stream: one program prints one
 * line per chunk. Both directions finish with a digest the board computed over exactly the bytes
 * it wrote or read (SHA-256, or Adler-32 by a tiny Python function when there is no hashlib),
 * compared with the host's own; a mismatch raises `BoardFsError` with code "EDIGEST".
 */

import { decodeBase64, encodeBase64 } from "./base64.ts";
import { type DigestAlgorithm, digestHex } from "./checksum.ts";
import { BoardError, BoardExceptionError } from "./errors.ts";
import { parsePythonRepr, pythonBytes, pythonString } from "./literal.ts";
import { bytes, type RawRepl } from "./raw_repl.ts";

/** What a board's firmware offers for files (found by probing). */
export interface FsCapabilities {
  ilistdir: boolean;
  stat: boolean;
  mkdir: boolean;
  statvfs: boolean;
  /** micro:bit's flat file system: `os.size(name)` and an argument-less `os.listdir()`. */
  flatSize: boolean;
  /** "sha256" with hashlib+binascii, else "adler32". */
  digest: DigestAlgorithm;
  base64: boolean;
  /** Chunk size for copies, from the free heap. */
  chunkSize: number;
}

export interface FileEntry {
  name: string;
  isDir: boolean;
  /** Size in bytes; 0 for folders. */
  size: number;
}

export interface FileStat {
  isDir: boolean;
  size: number;
  /** Seconds since the board's epoch, when it reports one. */
  mtime?: number;
}

export interface DiskUsage {
  /** Total bytes, when the board can tell. */
  total?: number;
  used: number;
  free?: number;
}

export interface CopyOptions {
  /** Called after every chunk with bytes done and the total. */
  onProgress?: (done: number, total: number) => void;
  /** Skip the digest check (faster, unverified). */
  noVerify?: boolean;
}

export type FsErrorCode =
  | "ENOENT"
  | "EEXIST"
  | "ENOTDIR"
  | "EISDIR"
  | "ENOTEMPTY"
  | "EACCES"
  | "ENOSPC"
  | "EROFS"
  | "EDIGEST"
  | "UNSUPPORTED"
  | "EIO";

/** A file-system operation failed on the board; `code` is the POSIX-style reason. */
export class BoardFsError extends BoardError {
  readonly code: FsErrorCode;
  readonly path: string;
  constructor(code: FsErrorCode, path: string, detail: string, options?: ErrorOptions) {
    super(`${path}: ${detail}`, options);
    this.name = "BoardFsError";
    this.code = code;
    this.path = path;
  }
}

const ERRNO_CODES: Record<number, FsErrorCode> = {
  2: "ENOENT",
  13: "EACCES",
  17: "EEXIST",
  20: "ENOTDIR",
  21: "EISDIR",
  28: "ENOSPC",
  30: "EROFS",
  39: "ENOTEMPTY",
};

const ERROR_TEXT: Record<FsErrorCode, string> = {
  ENOENT: "no such file or folder",
  EEXIST: "already exists",
  ENOTDIR: "not a folder",
  EISDIR: "is a folder",
  ENOTEMPTY: "folder not empty",
  EACCES: "permission denied",
  ENOSPC: "no space left on the board",
  EROFS: "read-only file system",
  EDIGEST: "verification failed",
  UNSUPPORTED: "not supported by this board",
  EIO: "input/output error",
};

const PROBE = `import os
_upy_p=[hasattr(os,'ilistdir'),hasattr(os,'stat'),hasattr(os,'mkdir'),hasattr(os,'statvfs'),hasattr(os,'size')]
for _upy_n in ('hashlib','binascii'):
 try:
  _upy_m=__import__(_upy_n)
 except ImportError:
  try:
   _upy_m=__import__('u'+_upy_n)
  except ImportError:
   _upy_m=None
 _upy_p.append(_upy_m is not None and (_upy_n!='hashlib' or hasattr(_upy_m,'sha256')))
try:
 import gc;gc.collect();_upy_p.append(gc.mem_free())
except ImportError:
 _upy_p.append(16384)
print(repr(_upy_p))
del _upy_p,_upy_n,_upy_m
`;

/** The helper functions defined on the board; only what the capabilities call for. */
function helperSource(caps: FsCapabilities): string {
  const lines = ["import os"];
  if (caps.digest === "sha256" || caps.base64) {
    lines.push(
      "try:",
      " from binascii import hexlify,a2b_base64,b2a_base64",
      "except ImportError:",
      " from ubinascii import hexlify,a2b_base64,b2a_base64",
    );
  }
  if (caps.digest === "sha256") {
    lines.push(
      "try:",
      " from hashlib import sha256 as _upy_H",
      "except ImportError:",
      " from uhashlib import sha256 as _upy_H",
    );
  }
  lines.push(
    "class _upy_F:",
    " f=None;n=0;a=1;b=0;h=None",
    "def _upy_fo(p,m):",
    " F=_upy_F",
    " if F.f:",
    "  F.f.close()",
    " F.f=None;F.n=0;F.a=1;F.b=0",
    caps.digest === "sha256" ? " F.h=_upy_H()" : " F.h=None",
    " F.f=open(p,m)",
    "def _upy_u(d):",
    " F=_upy_F;F.n+=len(d)",
    " if F.h:",
    "  F.h.update(d);return",
    " a=F.a;b=F.b",
    " for x in d:",
    "  a=(a+x)%65521;b=(b+a)%65521",
    " F.a=a;F.b=b",
    "def _upy_d():",
    " F=_upy_F",
    " if F.f:",
    "  F.f.close()",
    " F.f=None",
    " if F.h:",
    "  return hexlify(F.h.digest()).decode()",
    " return '%04x%04x'%(F.b,F.a)",
    "def _upy_w(d,n,s):",
    " if len(d)!=n or sum(d)!=s:raise ValueError('upy-len')",
    " _upy_F.f.write(d);_upy_u(d)",
    "def _upy_r(p,c,e):",
    " _upy_fo(p,'rb');f=_upy_F.f",
    " while 1:",
    "  d=f.read(c)",
    "  if not d:",
    "   break",
    "  _upy_u(d)",
    "  print(b2a_base64(d).decode().strip() if e else repr(d))",
    " print('#',_upy_F.n,_upy_d())",
  );
  return lines.join("\n") + "\n";
}

export class BoardFs {
  readonly #repl: RawRepl;
  #caps: FsCapabilities | null = null;

  constructor(repl: RawRepl) {
    this.#repl = repl;
  }

  /** Forget what was probed (after a reset the helpers are gone anyway). */
  invalidate(): void {
    this.#caps = null;
  }

  /** Probes (once) what the board's firmware offers. */
  async capabilities(): Promise<FsCapabilities> {
    if (this.#caps === null) {
      const text = await this.#repl.exec(PROBE, { timeoutMs: 10000 });
      const found = parsePythonRepr(text) as unknown[];
      if (!Array.isArray(found) || found.length < 8) {
        throw new BoardError(`unexpected answer to the file-system probe: ${text}`);
      }
      const [ilistdir, stat, mkdir, statvfs, flatSize, hashlib, binascii, memFree] = found;
      const heap = Number(memFree);
      let chunkSize = 64;
      while (chunkSize < 4096 && chunkSize * 64 <= heap) chunkSize *= 2;
      this.#caps = {
        ilistdir: ilistdir === true,
        stat: stat === true,
        mkdir: mkdir === true,
        statvfs: statvfs === true,
        flatSize: flatSize === true,
        digest: hashlib === true && binascii === true ? "sha256" : "adler32",
        base64: binascii === true,
        chunkSize,
      };
      // Define the helpers now rather than on the first NameError: helpers an older upy left
      // in this interpreter would otherwise be used as they are.
      await this.#repl.exec(helperSource(this.#caps), { timeoutMs: 10000 });
    }
    return this.#caps;
  }

  /** Lists a folder (the root by default), folders first, then by name. */
  async ls(path = "/"): Promise<FileEntry[]> {
    const caps = await this.capabilities();
    const folder = pythonString(path);
    let code: string;
    if (caps.ilistdir) {
      code = `import os
for e in os.ilistdir(${folder}):
 s=e[3] if len(e)>3 else -1
 if s<0 and e[1]!=0x4000:
  s=os.stat(${folder}.rstrip('/')+'/'+e[0])[6]
 print(repr((e[0],e[1]==0x4000,max(s,0))))`;
    } else if (caps.stat) {
      code = `import os
for n in os.listdir(${folder}):
 s=os.stat(${folder}.rstrip('/')+'/'+n)
 print(repr((n,s[0]&0x4000!=0,s[6])))`;
    } else if (caps.flatSize) {
      if (!isRoot(path)) {
        throw new BoardFsError("ENOTDIR", path, "this board's file system has no folders");
      }
      code = `import os
for n in os.listdir():
 print(repr((n,False,os.size(n))))`;
    } else {
      code = `import os
for n in os.listdir(${folder}):
 print(repr((n,False,0)))`;
    }
    const text = await this.#fsExec(code, path);
    const entries: FileEntry[] = [];
    for (const line of text.split("\n")) {
      if (line.trim() === "") continue;
      const [name, isDir, size] = parsePythonRepr(line) as [string, boolean, number];
      entries.push({ name, isDir, size: Number(size) });
    }
    entries.sort((a, b) => Number(b.isDir) - Number(a.isDir) || (a.name < b.name ? -1 : 1));
    return entries;
  }

  /** Size and kind of a path; throws BoardFsError ENOENT when it does not exist. */
  async stat(path: string): Promise<FileStat> {
    const caps = await this.capabilities();
    const target = pythonString(path);
    if (caps.stat) {
      const text = await this.#fsExec(`import os\nprint(repr(os.stat(${target})))`, path);
      const fields = parsePythonRepr(text) as number[];
      return {
        isDir: (Number(fields[0]) & 0x4000) !== 0,
        size: Number(fields[6]),
        mtime: Number(fields[8]),
      };
    }
    if (isRoot(path)) return { isDir: true, size: 0 };
    if (caps.flatSize) {
      const text = await this.#fsExec(`import os\nprint(os.size(${target}))`, path);
      return { isDir: false, size: Number(text.trim()) };
    }
    throw new BoardFsError("UNSUPPORTED", path, "this board cannot stat files");
  }

  /** True when the path exists. */
  async exists(path: string): Promise<boolean> {
    try {
      await this.stat(path);
      return true;
    } catch (error) {
      if (error instanceof BoardFsError && error.code === "ENOENT") return false;
      throw error;
    }
  }

  /** A text file's contents (UTF-8). */
  async cat(path: string): Promise<string> {
    return new TextDecoder().decode(await this.get(path));
  }

  /** Downloads a file, verified against the board's digest of what it read. */
  async get(path: string, options: CopyOptions = {}): Promise<Uint8Array> {
    const caps = await this.capabilities();
    const total = options.onProgress ? (await this.stat(path)).size : 0;
    const parts: Uint8Array[] = [];
    let received = 0;
    let pending = "";
    let trailer = "";
    const onLine = (line: string) => {
      if (line.startsWith("#")) {
        trailer = line;
        return;
      }
      const chunk = caps.base64 ? decodeBase64(line) : parsePythonRepr(line);
      if (!(chunk instanceof Uint8Array)) {
        throw new BoardFsError(
          "EIO",
          path,
          `unreadable chunk from the board: ${line.slice(0, 60)}`,
        );
      }
      parts.push(chunk);
      received += chunk.length;
      options.onProgress?.(received, Math.max(total, received));
    };
    let lineError: unknown = null;
    const decoder = new TextDecoder();
    await this.#fsExec(
      `_upy_r(${pythonString(path)},${caps.chunkSize},${caps.base64 ? 1 : 0})`,
      path,
      {
        onStdout: (data) => {
          pending += decoder.decode(data, { stream: true });
          let end: number;
          while ((end = pending.indexOf("\n")) >= 0) {
            const line = pending.slice(0, end).replace(/\r$/, "");
            pending = pending.slice(end + 1);
            try {
              if (lineError === null) onLine(line);
            } catch (error) {
              lineError = error;
            }
          }
        },
      },
    );
    if (lineError !== null) throw lineError;
    const data = joinChunks(parts, received);
    const [, countText, boardDigest] = trailer.split(" ");
    if (Number(countText) !== data.length) {
      throw new BoardFsError(
        "EDIGEST",
        path,
        `received ${data.length} bytes, the board sent ${countText}`,
      );
    }
    if (!options.noVerify) {
      const local = await digestHex(caps.digest, data);
      if (local !== boardDigest) {
        throw new BoardFsError(
          "EDIGEST",
          path,
          `${caps.digest} mismatch after download (board ${boardDigest}, received ${local})`,
        );
      }
    }
    return data;
  }

  /** Uploads `data` to `path` (replacing it), verified against the board's digest. */
  async put(path: string, data: Uint8Array | string, options: CopyOptions = {}): Promise<void> {
    const caps = await this.capabilities();
    const content = typeof data === "string" ? bytes(data) : data;
    await this.#fsExec(`_upy_fo(${pythonString(path)},'wb')`, path);
    try {
      for (let offset = 0; offset < content.length;) {
        const { literal, end } = chunkLiteral(content, offset, caps);
        const sum = content.subarray(offset, end).reduce((total, byte) => total + byte, 0);
        await this.#writeChunk(`_upy_w(${literal},${end - offset},${sum})`, path);
        offset = end;
        options.onProgress?.(offset, content.length);
      }
    } catch (error) {
      await this.#repl.exec("_upy_d()").catch(() => {}); // close the half-written file
      throw error;
    }
    if (content.length === 0) options.onProgress?.(0, 0);
    const text = await this.#fsExec("print('#',_upy_F.n,_upy_d())", path);
    const [, countText, boardDigest] = text.trim().split(" ");
    if (Number(countText) !== content.length) {
      throw new BoardFsError(
        "EDIGEST",
        path,
        `the board wrote ${countText} of ${content.length} bytes`,
      );
    }
    if (!options.noVerify) {
      const local = await digestHex(caps.digest, content);
      if (local !== boardDigest) {
        throw new BoardFsError(
          "EDIGEST",
          path,
          `${caps.digest} mismatch after upload (board ${boardDigest}, sent ${local})`,
        );
      }
    }
  }

  /** The board's digest of a file, in the algorithm `capabilities().digest` names. */
  async hash(path: string): Promise<string> {
    const caps = await this.capabilities();
    const code = `_upy_fo(${pythonString(path)},'rb')
while 1:
 d=_upy_F.f.read(${caps.chunkSize})
 if not d:
  break
 _upy_u(d)
print(_upy_d())`;
    return (await this.#fsExec(code, path)).trim();
  }

  async rm(path: string): Promise<void> {
    await this.#fsExec(`import os\nos.remove(${pythonString(path)})`, path);
  }

  async mkdir(path: string): Promise<void> {
    const caps = await this.capabilities();
    if (!caps.mkdir) {
      throw new BoardFsError("UNSUPPORTED", path, "this board's file system has no folders");
    }
    await this.#fsExec(`import os\nos.mkdir(${pythonString(path)})`, path);
  }

  async rmdir(path: string): Promise<void> {
    const caps = await this.capabilities();
    if (!caps.mkdir) {
      throw new BoardFsError("UNSUPPORTED", path, "this board's file system has no folders");
    }
    await this.#fsExec(`import os\nos.rmdir(${pythonString(path)})`, path);
  }

  /** Free space; boards without statvfs report only what their files use. */
  async df(path = "/"): Promise<DiskUsage> {
    const caps = await this.capabilities();
    if (caps.statvfs) {
      const text = await this.#fsExec(
        `import os\nprint(repr(os.statvfs(${pythonString(path)})))`,
        path,
      );
      const [bsize, frsize, blocks, , bavail] = (parsePythonRepr(text) as number[]).map(Number);
      const unit = frsize || bsize;
      const total = unit * blocks;
      const free = unit * bavail;
      return { total, used: total - free, free };
    }
    let used = 0;
    for (const entry of await this.ls("/")) used += entry.size;
    return { used };
  }

  /**
   * Sends one chunk of an upload. A chunk that reached the board damaged (a byte lost on a link
   * without flow control) fails to parse, or fails the length and sum-of-bytes check (an `\x41`
   * that lost its `x` is the octal `\41`), or calls with a wrong argument count; then nothing
   * was written, so it is sent again.
   */
  async #writeChunk(code: string, path: string): Promise<void> {
    for (let attempt = 1;; attempt++) {
      try {
        await this.#fsExec(code, path);
        return;
      } catch (error) {
        // Only an OSError comes from the write itself; anything else (SyntaxError, the length
        // check's ValueError, a TypeError from a lost comma) means the call arrived damaged.
        const cause = error instanceof BoardFsError ? error.cause : error;
        const damaged = cause instanceof BoardExceptionError && cause.exceptionType !== "OSError" &&
          cause.exceptionType !== "KeyboardInterrupt";
        if (!damaged || attempt >= 3) throw error;
      }
    }
  }

  /** Runs file-system code with the helpers in place, mapping OSError to BoardFsError. */
  async #fsExec(
    code: string,
    path: string,
    options: { onStdout?: (data: Uint8Array) => void } = {},
  ): Promise<string> {
    for (let attempt = 0;; attempt++) {
      try {
        return await this.#repl.exec(code, { timeoutMs: 60000, ...options });
      } catch (error) {
        if (!(error instanceof BoardExceptionError)) throw error;
        if (
          attempt === 0 && error.exceptionType === "NameError" &&
          error.exceptionMessage.includes("_upy_")
        ) {
          await this.#repl.exec(helperSource(await this.capabilities()), { timeoutMs: 10000 });
          continue;
        }
        // A full or fragmented heap on a small board: the parser gave up before anything ran,
        // so after a collection the same program can safely be sent again.
        if (
          attempt < 3 && error.exceptionType === "MemoryError" &&
          error.exceptionMessage.startsWith("parser")
        ) {
          await this.#repl.exec("import gc\ngc.collect()", { timeoutMs: 10000 });
          continue;
        }
        throw fsError(error, path);
      }
    }
  }
}

/**
 * The next chunk of an upload as a Python expression, and where it ends. With binascii it is a
 * base64 string of `chunkSize` bytes. Without (a micro:bit, a 16 KB heap, often no raw-paste) it is
 * a bytes literal cut at SHORT_LITERAL characters: the program stays short enough to be sent in
 * one write without the loader's round trips (see flow_loader.ts) and to parse on a full heap.
 */
function chunkLiteral(content: Uint8Array, offset: number, caps: FsCapabilities): {
  literal: string;
  end: number;
} {
  const limit = Math.min(content.length, offset + caps.chunkSize);
  if (caps.base64) {
    return {
      literal: `a2b_base64('${encodeBase64(content.subarray(offset, limit))}')`,
      end: limit,
    };
  }
  let end = offset;
  let length = 0;
  while (end < content.length) {
    const size = pythonBytes(content.subarray(end, end + 1)).length - 3;
    if (length + size > SHORT_LITERAL) break;
    length += size;
    end++;
  }
  return { literal: pythonBytes(content.subarray(offset, end)), end };
}

/** Characters of bytes literal per upload program on boards without binascii. */
const SHORT_LITERAL = 64;

function isRoot(path: string): boolean {
  return path === "" || path === "/" || path === ".";
}

function fsError(error: BoardExceptionError, path: string): Error {
  if (error.exceptionType === "AttributeError" || error.exceptionType === "TypeError") {
    return new BoardFsError("UNSUPPORTED", path, `${ERROR_TEXT.UNSUPPORTED} (${error.message})`, {
      cause: error,
    });
  }
  if (error.exceptionType !== "OSError") return error;
  const errno = error.errno;
  let code: FsErrorCode = errno !== undefined ? ERRNO_CODES[errno] ?? "EIO" : "EIO";
  if (errno === undefined) {
    const text = error.exceptionMessage.toLowerCase();
    if (text.includes("not found") || text.includes("enoent")) code = "ENOENT";
    else if (text.includes("exist")) code = "EEXIST";
    else if (text.includes("space") || text.includes("full")) code = "ENOSPC";
  }
  return new BoardFsError(code, path, ERROR_TEXT[code], { cause: error });
}

function joinChunks(parts: Uint8Array[], length: number): Uint8Array {
  const data = new Uint8Array(length);
  let offset = 0;
  for (const part of parts) {
    data.set(part, offset);
    offset += part.length;
  }
  return data;
}

/** Board-side program text, for diagnostics and tests. */
export const boardSources = { probe: PROBE, helpers: helperSource };
