/**
 * The catalogue of upy's built-in modules. The ones the core needs anyway (sys,
 * io, time, the asyncio core) register as they load; the rest are declared here
 * and load on first import (see registry.ts), which keeps a cold start to the
 * code a program uses. A bundle (tools/build.ts) includes them all regardless.
 */

import { declareBuiltinModules } from "./registry.ts";
import "./sys.ts";
import "./io.ts";
import "./time.ts";
import "./asyncio_native.ts";

declareBuiltinModules(["micropython"], () => import("./micropython.ts"));
declareBuiltinModules(["atexit"], () => import("./atexit.ts"));
declareBuiltinModules(["gc"], () => import("./gc.ts"));
declareBuiltinModules(["math"], () => import("./math.ts"));
declareBuiltinModules(["array"], () => import("./array.ts"));
declareBuiltinModules(["struct"], () => import("./struct.ts"));
declareBuiltinModules(["collections"], () => import("./collections.ts"));
declareBuiltinModules(["cmath"], () => import("./cmath.ts"));
declareBuiltinModules(["json"], () => import("./json.ts"));
declareBuiltinModules(["random"], () => import("./random.ts"));
declareBuiltinModules(["heapq"], () => import("./heapq.ts"));
declareBuiltinModules(["platform"], () => import("./platform.ts"));
declareBuiltinModules(["binascii"], () => import("./binascii.ts"));
declareBuiltinModules(["hashlib"], () => import("./hashlib.ts"));
declareBuiltinModules(["os", "uos", "vfs"], () => import("./os.ts"));
declareBuiltinModules(["re"], () => import("./re.ts"));
declareBuiltinModules(["errno", "uerrno"], () => import("./errno.ts"));
declareBuiltinModules(["deflate"], () => import("./deflate.ts"));
declareBuiltinModules(["select", "uselect"], () => import("./select.ts"));
declareBuiltinModules(["asyncio", "uasyncio"], () => import("./asyncio.ts"));
declareBuiltinModules(["machine"], () => import("./machine/machine.ts"));
