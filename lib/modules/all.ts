/** Imports every built-in module so each registers itself (see registry.ts). */

import "./sys.ts";
import "./micropython.ts";
import "./gc.ts";
import "./math.ts";
import "./io.ts";
import "./array.ts";
import "./struct.ts";
import "./collections.ts";
import "./cmath.ts";
import "./json.ts";
import "./time.ts";
import "./random.ts";
import "./heapq.ts";
import "./platform.ts";
import "./binascii.ts";
import "./hashlib.ts";
import "./os.ts";
import "./re.ts";
import "./errno.ts";
import "./deflate.ts";
import "./select.ts";
import "./asyncio_native.ts";
import "./asyncio.ts";
import "./machine/machine.ts";
