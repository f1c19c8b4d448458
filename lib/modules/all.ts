/** Imports every built-in module so each registers itself (see registry.ts). */

import "./sys.ts";
